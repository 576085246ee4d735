import type { Data } from '../db/client';
import type { Actor } from '../policies';
import { changeSittingMinutesStatus, type CirculateInput } from './support/changeSittingMinutesStatus';

/** The minute-taker (or the office) sends the draft round for corrections, and the people concerned are mailed. */
export const circulateSittingMinutes = (data: Data, actor: Actor, input: CirculateInput) =>
	changeSittingMinutesStatus(data, actor, input, { action: 'sittingMinutes.circulate', from: 'draft', to: 'circulated', reason: 'circulated' });
