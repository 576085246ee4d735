import type { Data } from '../db/client';
import type { Actor } from '../policies';
import { changeSittingMinutesStatus, type SittingMinutesInput } from './support/changeSittingMinutesStatus';

/** Circulated minutes of a sitting go back to being a draft (for bigger changes). */
export const returnSittingMinutesToDraft = (data: Data, actor: Actor, input: SittingMinutesInput) =>
	changeSittingMinutesStatus(data, actor, input, { action: 'sittingMinutes.returnToDraft', from: 'circulated', to: 'draft', reason: 'returned' });
