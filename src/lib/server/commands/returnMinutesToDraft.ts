import type { Actor } from '../policies';
import { changeMinutesStatus, type MinutesInput } from './support/changeMinutesStatus';
import type { Data } from '../db/client';

/** Circulated minutes go back to being a draft (for bigger changes). */
export const returnMinutesToDraft = (data: Data, actor: Actor, input: MinutesInput) =>
	changeMinutesStatus(data, actor, input, { action: 'minutes.returnToDraft', from: 'circulated', to: 'draft', reason: 'returned' });
