import type { Db } from '../db';
import type { Actor } from '../policies';
import { changeMinutesStatus, type MinutesInput } from './support/changeMinutesStatus';

/** The coordination approves: the text is stored as the record and nobody can change it any more. */
export const approveMinutes = (db: Db, actor: Actor, input: MinutesInput) =>
	changeMinutesStatus(db, actor, input, { action: 'minutes.approve', from: 'circulated', to: 'approved', reason: 'approved' });
