import type { Actor } from '../policies';
import { changeMinutesStatus, type MinutesInput } from './support/changeMinutesStatus';
import type { Data } from '../db/client';

/** The minute-taker or the coordination sends the draft round for corrections. */
export const circulateMinutes = (data: Data, actor: Actor, input: MinutesInput) =>
	changeMinutesStatus(data, actor, input, { action: 'minutes.circulate', from: 'draft', to: 'circulated', reason: 'circulated' });
