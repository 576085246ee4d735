import { and, eq, or } from 'drizzle-orm';
import type { Locale } from '../../domain/roles';
import type { Db } from '../db';
import { conferences, newsletterSubscribers, people, type Edition } from '../db/schema';
import { recordAudit } from '../audit/record';
import { transact } from '../effects';
import { appendConsent, consentText } from '../newsletter/consent';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { normalizeAddress } from './support/subscribers';

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
export function subscribeSelf(db: Db, actor: Actor, input: SubscribeSelfInput): { subscriberId: string } {
	authorize(actor, 'newsletter.subscribeSelf', { conferenceId: input.conferenceId });
	const at = input.now ?? new Date();
	return transact(db, (tx) => {
		const person = tx.select({ email: people.email }).from(people).where(eq(people.id, actor.personId!)).get();
		if (!person?.email) throw new CommandError('subscribe_no_email', 'edition');
		const email = normalizeAddress(person.email);
		const conference = tx.select({ name: conferences.name }).from(conferences).where(eq(conferences.id, input.conferenceId)).get();
		if (!conference) throw new CommandError('not_found');
		const existing = tx
			.select()
			.from(newsletterSubscribers)
			.where(
				and(
					eq(newsletterSubscribers.conferenceId, input.conferenceId),
					or(eq(newsletterSubscribers.email, email), eq(newsletterSubscribers.personId, actor.personId!))
				)
			)
			.orderBy(newsletterSubscribers.createdAt)
			.get();
		let subscriberId: string;
		if (existing?.state === 'active') {
			subscriberId = existing.id;
			if (existing.edition === input.edition && existing.personId === actor.personId) return { subscriberId };
			tx.update(newsletterSubscribers).set({ edition: input.edition, personId: actor.personId }).where(eq(newsletterSubscribers.id, existing.id)).run();
			if (existing.edition !== input.edition)
				appendConsent(tx, subscriberId, {
					event: 'preferences_changed',
					via: 'account',
					at,
					edition: input.edition,
					clientAddress: input.clientAddress ?? null
				});
		} else {
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
				tx.update(newsletterSubscribers).set(active).where(eq(newsletterSubscribers.id, existing.id)).run();
				subscriberId = existing.id;
			} else {
				subscriberId = tx
					.insert(newsletterSubscribers)
					.values({ conferenceId: input.conferenceId, email, ...active })
					.returning({ id: newsletterSubscribers.id })
					.get().id;
			}
			const formText = consentText('account', conference.name, input.locale);
			appendConsent(tx, subscriberId, { event: 'signed_up', via: 'account', at, formText, edition: input.edition, clientAddress: input.clientAddress ?? null });
			appendConsent(tx, subscriberId, { event: 'confirmed', via: 'account', at, edition: input.edition, clientAddress: input.clientAddress ?? null });
		}
		recordAudit(tx, actor, {
			action: 'newsletter.subscribeSelf',
			conferenceId: input.conferenceId,
			subjectType: 'newsletterSubscriber',
			subjectId: subscriberId,
			after: { edition: input.edition }
		});
		return { subscriberId };
	});
}
