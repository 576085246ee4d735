import type { Db } from '../db';
import { transact } from '../effects';
import { ANONYMOUS } from '../policies';
import { eraseSubscriberIn, requireSubscriber } from './support/subscribers';

/**
 * "Delete my data" on the preferences page: the personal link is the permission, as for
 * unsubscribing. Nobody is signed in, so the audit row names no one.
 */
export function eraseOwnSubscription(db: Db, input: { subscriberId: string }): void {
	transact(db, (tx) => eraseSubscriberIn(tx, ANONYMOUS, requireSubscriber(tx, input.subscriberId), 'subscriber'));
}
