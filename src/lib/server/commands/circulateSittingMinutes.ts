import type { Db } from '../db';
import type { Actor } from '../policies';
import { changeSittingMinutesStatus, type CirculateInput } from './support/changeSittingMinutesStatus';

/** The minute-taker (or the office) sends the draft round for corrections, and the people concerned are mailed. */
export const circulateSittingMinutes = (db: Db, actor: Actor, input: CirculateInput) =>
	changeSittingMinutesStatus(db, actor, input, { action: 'sittingMinutes.circulate', from: 'draft', to: 'circulated', reason: 'circulated' });
