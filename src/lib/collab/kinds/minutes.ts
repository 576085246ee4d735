import { ACTIONS, BODY, DECISIONS, STATE } from '../../minutes/document';
import { KiB, nameOf, ROW_ID, type DocKindShape } from './types';

/**
 * The minutes of a working-group meeting: Tiptap's rich text, the decisions and action items,
 * and the status the server projects from SQLite.
 */
export const minutesKind = {
	kind: 'minutes',
	id: ROW_ID,
	rootTypes: [BODY, DECISIONS, ACTIONS, STATE],
	// The meeting page renders it too. A three-hour meeting written down word for word is about 100 KB.
	maxBytes: 1024 * KiB
} as const satisfies DocKindShape;

export const minutesDoc = (meetingId: string) => nameOf(minutesKind, meetingId);
