import type { Data } from '../db/client';
import { transactOn } from '../effects/transactOn';
import { ANONYMOUS } from '../policies';
import { eraseSubscriberIn, requireSubscriber } from './support/subscribers';

/**
 * "Delete my data" on the preferences page: the personal link is the permission, as for
 * unsubscribing. Nobody is signed in, so the audit row names no one.
 */
export async function eraseOwnSubscription(data: Data, input: { subscriberId: string }): Promise<void> {
	await transactOn(data, async (tx) => eraseSubscriberIn(data, tx, ANONYMOUS, await requireSubscriber(data, tx, input.subscriberId), 'subscriber'));
}
