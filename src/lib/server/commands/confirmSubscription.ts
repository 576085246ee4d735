import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { newsletterSubscribers } from '../db/schema';
import { transact } from '../effects';
import { hashToken } from '../auth/sessions';
import { appendConsent } from '../newsletter/consent';
import { CommandError } from './support/errors';

export interface ConfirmSubscriptionInput {
	token: string;
	clientAddress: string | null;
	now?: Date;
}

/**
 * The second step of the double opt-in: the button on the confirmation page (never the GET of
 * the link, which mail scanners fetch). The token is used up; an unknown, used or expired one
 * is refused with one code, since the page says the same for all three.
 */
export function confirmSubscription(db: Db, input: ConfirmSubscriptionInput): { conferenceId: string; subscriberId: string; tokenVersion: number } {
	const at = input.now ?? new Date();
	if (input.token.length > 100) throw new CommandError('subscribe_link_invalid');
	return transact(db, (tx) => {
		const subscriber = tx
			.select()
			.from(newsletterSubscribers)
			.where(and(eq(newsletterSubscribers.confirmTokenHash, hashToken(input.token)), eq(newsletterSubscribers.state, 'pending')))
			.get();
		if (!subscriber || !subscriber.confirmExpiresAt || subscriber.confirmExpiresAt <= at) throw new CommandError('subscribe_link_invalid');
		tx.update(newsletterSubscribers)
			// A confirmed link proves the address takes mail again: an earlier bounce no longer counts.
			.set({
				state: 'active',
				confirmedAt: at,
				unsubscribedAt: null,
				confirmTokenHash: null,
				confirmExpiresAt: null,
				bouncingSince: null,
				permanentFailures: 0
			})
			.where(eq(newsletterSubscribers.id, subscriber.id))
			.run();
		appendConsent(tx, subscriber.id, { event: 'confirmed', via: 'link', at, edition: subscriber.edition, clientAddress: input.clientAddress });
		return { conferenceId: subscriber.conferenceId, subscriberId: subscriber.id, tokenVersion: subscriber.tokenVersion };
	});
}
