import { and, eq, or } from 'drizzle-orm';
import type { Locale } from '../../domain/roles';
import { type Edition } from '../db/schema';
import { recordAuditIn } from '../audit/record';
import { appendConsentIn, consentText } from '../newsletter/consent';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { insertSubscriberUnlessTaken, normalizeAddress } from './support/subscribers';
import { transactOn } from '../effects/transactOn';
import { type Data, first } from '../db/client';

export interface SubscribeSelfInput {
	conferenceId: string;
	edition: Edition;
	/** The language the account page was shown in: the consent text is kept in it. */
	locale: Locale;
	/** Where the click came from: the consent log keeps it, as for the public form. */
	clientAddress?: string | null;
	now?: Date;
}

/**
 * A member subscribes on their account page with the address the conference knows, or changes
 * the edition of the subscription they have. The address is not confirmed by mail again: the
 * member signed in with it, so the subscription is active at once. The log still keeps the
 * consent text the page showed, and it is one subscription per address: a public sign-up of
 * the same address becomes this member's.
 */
export async function subscribeSelf(data: Data, actor: Actor, input: SubscribeSelfInput): Promise<{ subscriberId: string }> {
	authorize(actor, 'newsletter.subscribeSelf', { conferenceId: input.conferenceId });
	const { conferences, newsletterSubscribers, people } = data.t;
	const at = input.now ?? new Date();
	return transactOn(data, async (tx) => {
		const person = first(await tx.select({ email: people.email }).from(people).where(eq(people.id, actor.personId!)));
		if (!person?.email) throw new CommandError('subscribe_no_email', 'edition');
		const email = normalizeAddress(person.email);
		const conference = first(await tx.select({ name: conferences.name }).from(conferences).where(eq(conferences.id, input.conferenceId)));
		if (!conference) throw new CommandError('not_found');
		let subscriberId: string | null = null;
		// Twice at most: a public sign-up of the same address that committed first (PostgreSQL) is read
		// on the second pass and becomes this member's, as if it had been there (the address is a key).
		for (let pass = 0; subscriberId === null; pass++) {
			if (pass > 1) throw new Error('subscribeSelf: the address is taken, yet no subscriber has it');
			const existing = first(
				await tx
					.select()
					.from(newsletterSubscribers)
					.where(
						and(
							eq(newsletterSubscribers.conferenceId, input.conferenceId),
							or(eq(newsletterSubscribers.email, email), eq(newsletterSubscribers.personId, actor.personId!))
						)
					)
					.orderBy(newsletterSubscribers.createdAt)
					.limit(1)
			);
			if (existing?.state === 'active') {
				subscriberId = existing.id;
				if (existing.edition === input.edition && existing.personId === actor.personId) return { subscriberId };
				await tx.update(newsletterSubscribers).set({ edition: input.edition, personId: actor.personId }).where(eq(newsletterSubscribers.id, existing.id));
				if (existing.edition !== input.edition)
					await appendConsentIn(data, tx, subscriberId, {
						event: 'preferences_changed',
						via: 'account',
						at,
						edition: input.edition,
						clientAddress: input.clientAddress ?? null
					});
				break;
			}
			const active = {
				personId: actor.personId,
				edition: input.edition,
				state: 'active' as const,
				confirmedAt: at,
				unsubscribedAt: null,
				confirmTokenHash: null,
				confirmExpiresAt: null
			};
			if (existing) {
				await tx.update(newsletterSubscribers).set(active).where(eq(newsletterSubscribers.id, existing.id));
				subscriberId = existing.id;
			} else subscriberId = await insertSubscriberUnlessTaken(data, tx, { conferenceId: input.conferenceId, email, ...active });
			if (subscriberId === null) continue;
			const formText = consentText('account', conference.name, input.locale);
			await appendConsentIn(data, tx, subscriberId, {
				event: 'signed_up',
				via: 'account',
				at,
				formText,
				edition: input.edition,
				clientAddress: input.clientAddress ?? null
			});
			await appendConsentIn(data, tx, subscriberId, {
				event: 'confirmed',
				via: 'account',
				at,
				edition: input.edition,
				clientAddress: input.clientAddress ?? null
			});
		}
		await recordAuditIn(data, tx, actor, {
			action: 'newsletter.subscribeSelf',
			conferenceId: input.conferenceId,
			subjectType: 'newsletterSubscriber',
			subjectId: subscriberId,
			after: { edition: input.edition }
		});
		return { subscriberId };
	});
}
