import type { Db } from '../db';
import type { Actor } from '../policies';
import { changeSendState, type SendStateInput } from './support/changeSendState';

/**
 * An editor resumes a send they paused, or one that paused itself after repeated failures (once
 * the relay works again): it goes on with the deliveries not yet sent; the run of failures starts
 * from nought.
 */
export function resumeSend(db: Db, actor: Actor, input: SendStateInput) {
	return changeSendState(db, actor, input, 'resume');
}
