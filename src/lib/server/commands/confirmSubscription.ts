import { and, eq } from 'drizzle-orm';
import { changedRows, first, type Data } from '../db/client';
import { transactOn } from '../effects/transactOn';
import { hashToken } from '../auth/sessions';
import { appendConsentIn } from '../newsletter/consent';
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
export async function confirmSubscription(
	data: Data,
	input: ConfirmSubscriptionInput
): Promise<{ conferenceId: string; subscriberId: string; tokenVersion: number }> {
	const at = input.now ?? new Date();
	if (input.token.length > 100) throw new CommandError('subscribe_link_invalid');
	const { newsletterSubscribers } = data.t;
	return transactOn(data, async (tx) => {
		const tokenHash = hashToken(input.token);
		const subscriber = first(
			await tx
				.select()
				.from(newsletterSubscribers)
				.where(and(eq(newsletterSubscribers.confirmTokenHash, tokenHash), eq(newsletterSubscribers.state, 'pending')))
		);
		if (!subscriber || !subscriber.confirmExpiresAt || subscriber.confirmExpiresAt <= at) throw new CommandError('subscribe_link_invalid');
		const changed = changedRows(
			await tx
				.update(newsletterSubscribers)
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
				// Used up once: of two clicks at once (PostgreSQL), the second re-reads the row after the
				// first's commit, finds the token gone and is refused as a used link is.
				.where(
					and(eq(newsletterSubscribers.id, subscriber.id), eq(newsletterSubscribers.confirmTokenHash, tokenHash), eq(newsletterSubscribers.state, 'pending'))
				)
		);
		if (changed === 0) throw new CommandError('subscribe_link_invalid');
		await appendConsentIn(data, tx, subscriber.id, { event: 'confirmed', via: 'link', at, edition: subscriber.edition, clientAddress: input.clientAddress });
		return { conferenceId: subscriber.conferenceId, subscriberId: subscriber.id, tokenVersion: subscriber.tokenVersion };
	});
}
