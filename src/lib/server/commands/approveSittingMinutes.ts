import type { Data } from '../db/client';
import type { Actor } from '../policies';
import { changeSittingMinutesStatus, type SittingMinutesInput } from './support/changeSittingMinutesStatus';

/** The office or a moderator approves: the text and resolutions are stored as the record and nobody can change them any more. */
export const approveSittingMinutes = (data: Data, actor: Actor, input: SittingMinutesInput) =>
	changeSittingMinutesStatus(data, actor, input, { action: 'sittingMinutes.approve', from: 'circulated', to: 'approved', reason: 'approved' });
