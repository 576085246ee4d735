import type { Db } from '../db';
import type { Actor } from '../policies';
import { changeSendState, type SendStateInput } from './support/changeSendState';

/** An editor stops a digest's send between two batches; nothing already handed to the relay is recalled. */
export function pauseSend(db: Db, actor: Actor, input: SendStateInput) {
	return changeSendState(db, actor, input, 'pause');
}
