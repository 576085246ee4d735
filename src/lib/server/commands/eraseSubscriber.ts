import type { Db } from '../db';
import { transact } from '../effects';
import { authorize, type Actor } from '../policies';
import { eraseSubscriberIn, requireSubscriber } from './support/subscribers';

/** The office erases a subscriber who asked for it by other ways (a letter, a call). */
export function eraseSubscriber(db: Db, actor: Actor, input: { conferenceId: string; subscriberId: string }): void {
	authorize(actor, 'newsletter.subscribers', { conferenceId: input.conferenceId });
	transact(db, (tx) => eraseSubscriberIn(tx, actor, requireSubscriber(tx, input.subscriberId, input.conferenceId), 'office'));
}
