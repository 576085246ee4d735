import type { Data } from '../db/client';
import { transactOn } from '../effects/transactOn';
import { authorize, type Actor } from '../policies';
import { eraseSubscriberIn, requireSubscriber } from './support/subscribers';

/** The office erases a subscriber who asked for it by other ways (a letter, a call). */
export async function eraseSubscriber(data: Data, actor: Actor, input: { conferenceId: string; subscriberId: string }): Promise<void> {
	authorize(actor, 'newsletter.subscribers', { conferenceId: input.conferenceId });
	await transactOn(data, async (tx) => eraseSubscriberIn(data, tx, actor, await requireSubscriber(data, tx, input.subscriberId, input.conferenceId), 'office'));
}
