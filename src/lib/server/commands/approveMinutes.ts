import type { Actor } from '../policies';
import { changeMinutesStatus, type MinutesInput } from './support/changeMinutesStatus';
import type { Data } from '../db/client';

/** The coordination approves: the text is stored as the record and nobody can change it any more. */
export const approveMinutes = (data: Data, actor: Actor, input: MinutesInput) =>
	changeMinutesStatus(data, actor, input, { action: 'minutes.approve', from: 'circulated', to: 'approved', reason: 'approved' });
