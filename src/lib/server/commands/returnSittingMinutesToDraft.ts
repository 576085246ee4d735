import type { Db } from '../db';
import type { Actor } from '../policies';
import { changeSittingMinutesStatus, type SittingMinutesInput } from './support/changeSittingMinutesStatus';

/** Circulated minutes of a sitting go back to being a draft (for bigger changes). */
export const returnSittingMinutesToDraft = (db: Db, actor: Actor, input: SittingMinutesInput) =>
	changeSittingMinutesStatus(db, actor, input, { action: 'sittingMinutes.returnToDraft', from: 'circulated', to: 'draft', reason: 'returned' });
