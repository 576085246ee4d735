import { ACTIONS, BODY, DECISIONS, STATE } from '../../minutes/document';
import { KiB, nameOf, ROW_ID, type DocKindShape } from './types';

/**
 * The minutes of a plenary sitting: the same parts as a meeting's minutes (Tiptap's rich text,
 * decisions and action items, the status the server projects), so the same editor writes them.
 * The resolutions are not in the document: they are SQLite's, read-only, and added to every
 * rendering and version by the server (see server/sittingMinutes/record.ts).
 */
export const sittingMinutesKind = {
	kind: 'sittingminutes',
	id: ROW_ID,
	rootTypes: [BODY, DECISIONS, ACTIONS, STATE],
	// A full day's sitting written down closely is a few hundred KB; the same bound as a meeting's.
	maxBytes: 1024 * KiB
} as const satisfies DocKindShape;

export const sittingMinutesDoc = (sessionId: string) => nameOf(sittingMinutesKind, sessionId);
