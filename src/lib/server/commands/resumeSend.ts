import type { Actor } from '../policies';
import { changeSendState, type SendStateInput } from './support/changeSendState';
import type { Data } from '../db/client';

/**
 * An editor resumes a send they paused, or one that paused itself after repeated failures (once
 * the relay works again): it goes on with the deliveries not yet sent; the run of failures starts
 * from nought.
 */
export async function resumeSend(data: Data, actor: Actor, input: SendStateInput) {
	return await changeSendState(data, actor, input, 'resume');
}
