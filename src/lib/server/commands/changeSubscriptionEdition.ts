import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { newsletterSubscribers, type Edition } from '../db/schema';
import { transact } from '../effects';
import { appendConsent } from '../newsletter/consent';
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
export function changeSubscriptionEdition(db: Db, input: ChangeEditionInput): { changed: boolean } {
	const at = input.now ?? new Date();
	return transact(db, (tx) => {
		const subscriber = requireSubscriber(tx, input.subscriberId);
		if (subscriber.state === 'unsubscribed') throw new CommandError('subscribe_not_subscribed', 'edition');
		if (subscriber.edition === input.edition) return { changed: false };
		tx.update(newsletterSubscribers).set({ edition: input.edition }).where(eq(newsletterSubscribers.id, subscriber.id)).run();
		appendConsent(tx, subscriber.id, {
			event: 'preferences_changed',
			via: 'preferences',
			at,
			edition: input.edition,
			clientAddress: input.clientAddress ?? null
		});
		return { changed: true };
	});
}
