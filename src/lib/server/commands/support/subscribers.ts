import { eq } from 'drizzle-orm';
import type { Tx } from '../../db';
import { newsletterSubscribers } from '../../db/schema';
import { recordAudit } from '../../audit/record';
import { appendConsent, type ConsentVia } from '../../newsletter/consent';
import type { Actor } from '../../policies';
import { CommandError } from './errors';

type Subscriber = typeof newsletterSubscribers.$inferSelect;

/** Addresses are kept lower-cased and trimmed: one subscription per address and conference. */
export const normalizeAddress = (email: string) => email.trim().toLowerCase();

export function requireSubscriber(tx: Pick<Tx, 'select'>, subscriberId: string, conferenceId?: string): Subscriber {
	const row = tx.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.id, subscriberId)).get();
	if (!row || (conferenceId && row.conferenceId !== conferenceId)) throw new CommandError('not_found');
	return row;
}

/**
 * Ends a subscription, however it was asked for. Asking twice changes nothing and logs nothing
 * (a mail client may repeat its one-click POST). A pending sign-up ends as well, and its
 * confirmation link with it. The personal links keep working, so that whoever unsubscribed can
 * still download or delete what is kept about them.
 */
export function markUnsubscribed(tx: Tx, subscriber: Subscriber, via: ConsentVia, at: Date, clientAddress: string | null): boolean {
	if (subscriber.state === 'unsubscribed') return false;
	tx.update(newsletterSubscribers)
		.set({ state: 'unsubscribed', unsubscribedAt: at, confirmTokenHash: null, confirmExpiresAt: null })
		.where(eq(newsletterSubscribers.id, subscriber.id))
		.run();
	appendConsent(tx, subscriber.id, { event: 'unsubscribed', via, at, edition: subscriber.edition, clientAddress });
	return true;
}

/**
 * Erasure on request (Art. 17 DSGVO): the subscriber and, by the foreign key, their consent log
 * and deliveries are deleted. The audit log is kept for years and cannot be changed, so it says
 * only that a subscriber was erased and on whose request, never the address or the name.
 */
export function eraseSubscriberIn(tx: Tx, actor: Actor, subscriber: Subscriber, requestedBy: 'subscriber' | 'office'): void {
	tx.delete(newsletterSubscribers).where(eq(newsletterSubscribers.id, subscriber.id)).run();
	recordAudit(tx, actor, {
		action: 'newsletter.eraseSubscriber',
		conferenceId: subscriber.conferenceId,
		subjectType: 'newsletterSubscriber',
		subjectId: subscriber.id,
		after: { requestedBy }
	});
}
