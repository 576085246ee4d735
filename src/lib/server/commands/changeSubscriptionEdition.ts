import { eq } from 'drizzle-orm';
import type { Data } from '../db/client';
import type { Edition } from '../db/schema';
import { transactOn } from '../effects/transactOn';
import { appendConsentIn } from '../newsletter/consent';
import { CommandError } from './support/errors';
import { requireSubscriber } from './support/subscribers';

export interface ChangeEditionInput {
	/** Named by a verified personal link: the link is the permission. */
	subscriberId: string;
	edition: Edition;
	clientAddress?: string | null;
	now?: Date;
}

/**
 * The preferences page switches between the standard edition and the one in Leichte Sprache.
 * An ended subscription is not revived this way: that takes a new sign-up and its confirmation.
 */
export async function changeSubscriptionEdition(data: Data, input: ChangeEditionInput): Promise<{ changed: boolean }> {
	const at = input.now ?? new Date();
	const { newsletterSubscribers } = data.t;
	return transactOn(data, async (tx) => {
		const subscriber = await requireSubscriber(data, tx, input.subscriberId);
		if (subscriber.state === 'unsubscribed') throw new CommandError('subscribe_not_subscribed', 'edition');
		if (subscriber.edition === input.edition) return { changed: false };
		await tx.update(newsletterSubscribers).set({ edition: input.edition }).where(eq(newsletterSubscribers.id, subscriber.id));
		await appendConsentIn(data, tx, subscriber.id, {
			event: 'preferences_changed',
			via: 'preferences',
			at,
			edition: input.edition,
			clientAddress: input.clientAddress ?? null
		});
		return { changed: true };
	});
}
