import { and, eq, ne } from 'drizzle-orm';
import { changedRows, first, type Data, type Query, type Tables } from '../../db/client';
import { violatesUniqueIndex } from '../../db/uniqueViolation';
import { recordAuditIn } from '../../audit/record';
import { appendConsentIn, type ConsentVia } from '../../newsletter/consent';
import type { Actor } from '../../policies';
import { CommandError } from './errors';

export type Subscriber = Tables['newsletterSubscribers']['$inferSelect'];

/** Addresses are kept lower-cased and trimmed: one subscription per address and conference. */
export const normalizeAddress = (email: string) => email.trim().toLowerCase();

export async function requireSubscriber(data: Data, tx: Query, subscriberId: string, conferenceId?: string): Promise<Subscriber> {
	const { newsletterSubscribers } = data.t;
	const row = first(await tx.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.id, subscriberId)));
	if (!row || (conferenceId && row.conferenceId !== conferenceId)) throw new CommandError('not_found');
	return row;
}

/**
 * A new subscription of an address, or null when another one of the same address and conference
 * committed first (README, "Rules that span rows": the address is a key, `newsletter_subscribers_email`).
 * The insert runs in a savepoint, so that on PostgreSQL the transaction goes on after the violation
 * and the caller reads the row that won, as if it had been there when it looked.
 */
export async function insertSubscriberUnlessTaken(data: Data, tx: Query, values: Tables['newsletterSubscribers']['$inferInsert']): Promise<string | null> {
	const { newsletterSubscribers } = data.t;
	try {
		return await data.transaction(async (savepoint) => {
			const [row] = await savepoint.insert(newsletterSubscribers).values(values).returning({ id: newsletterSubscribers.id });
			return row.id;
		});
	} catch (error) {
		if (violatesUniqueIndex(error, { name: 'newsletter_subscribers_email', columns: [newsletterSubscribers.conferenceId, newsletterSubscribers.email] }))
			return null;
		throw error;
	}
}

/**
 * Ends a subscription, however it was asked for. Asking twice changes nothing and logs nothing
 * (a mail client may repeat its one-click POST). A pending sign-up ends as well, and its
 * confirmation link with it. The personal links keep working, so that whoever unsubscribed can
 * still download or delete what is kept about them.
 */
export async function markUnsubscribed(
	data: Data,
	tx: Query,
	subscriber: Subscriber,
	via: ConsentVia,
	at: Date,
	clientAddress: string | null
): Promise<boolean> {
	const { newsletterSubscribers } = data.t;
	if (subscriber.state === 'unsubscribed') return false;
	// Conditional: of two at once (PostgreSQL), the second re-reads the row after the first's commit,
	// changes nothing and logs nothing, as a second request after it does.
	const changed = changedRows(
		await tx
			.update(newsletterSubscribers)
			.set({ state: 'unsubscribed', unsubscribedAt: at, confirmTokenHash: null, confirmExpiresAt: null })
			.where(and(eq(newsletterSubscribers.id, subscriber.id), ne(newsletterSubscribers.state, 'unsubscribed')))
	);
	if (changed === 0) return false;
	await appendConsentIn(data, tx, subscriber.id, { event: 'unsubscribed', via, at, edition: subscriber.edition, clientAddress });
	return true;
}

/**
 * Erasure on request (Art. 17 DSGVO): the subscriber and, by the foreign key, their consent log
 * and deliveries are deleted. The audit log is kept for years and cannot be changed, so it says
 * only that a subscriber was erased and on whose request, never the address or the name.
 */
export async function eraseSubscriberIn(data: Data, tx: Query, actor: Actor, subscriber: Subscriber, requestedBy: 'subscriber' | 'office'): Promise<void> {
	const { newsletterSubscribers } = data.t;
	await tx.delete(newsletterSubscribers).where(eq(newsletterSubscribers.id, subscriber.id));
	await recordAuditIn(data, tx, actor, {
		action: 'newsletter.eraseSubscriber',
		conferenceId: subscriber.conferenceId,
		subjectType: 'newsletterSubscriber',
		subjectId: subscriber.id,
		after: { requestedBy }
	});
}
