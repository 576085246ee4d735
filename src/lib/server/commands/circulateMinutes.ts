import type { Db } from '../db';
import type { Actor } from '../policies';
import { changeMinutesStatus, type MinutesInput } from './support/changeMinutesStatus';

/** The minute-taker or the coordination sends the draft round for corrections. */
export const circulateMinutes = (db: Db, actor: Actor, input: MinutesInput) =>
	changeMinutesStatus(db, actor, input, { action: 'minutes.circulate', from: 'draft', to: 'circulated', reason: 'circulated' });
