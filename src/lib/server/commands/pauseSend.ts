import type { Actor } from '../policies';
import { changeSendState, type SendStateInput } from './support/changeSendState';
import type { Data } from '../db/client';

/** An editor stops a digest's send between two batches; nothing already handed to the relay is recalled. */
export async function pauseSend(data: Data, actor: Actor, input: SendStateInput) {
	return await changeSendState(data, actor, input, 'pause');
}
