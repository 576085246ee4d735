import type { Db } from '../db';
import type { Actor } from '../policies';
import { changeMinutesStatus, type MinutesInput } from './support/changeMinutesStatus';

/** Circulated minutes go back to being a draft (for bigger changes). */
export const returnMinutesToDraft = (db: Db, actor: Actor, input: MinutesInput) =>
	changeMinutesStatus(db, actor, input, { action: 'minutes.returnToDraft', from: 'circulated', to: 'draft', reason: 'returned' });
