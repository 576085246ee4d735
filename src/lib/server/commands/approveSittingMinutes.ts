import type { Db } from '../db';
import type { Actor } from '../policies';
import { changeSittingMinutesStatus, type SittingMinutesInput } from './support/changeSittingMinutesStatus';

/** The office or a moderator approves: the text and resolutions are stored as the record and nobody can change them any more. */
export const approveSittingMinutes = (db: Db, actor: Actor, input: SittingMinutesInput) =>
	changeSittingMinutesStatus(db, actor, input, { action: 'sittingMinutes.approve', from: 'circulated', to: 'approved', reason: 'approved' });
