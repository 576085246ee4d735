import type { DocKind } from './docNames';
import { NOTES_TEXT } from './docNames';
import { AGENDA } from '../plenary/agenda';
import { LIVE } from '../plenary/live';
import { POLL } from '../plenary/poll';
import { SPEAKERS } from '../plenary/speakers';
import { ACTIONS, BODY, DECISIONS, STATE } from '../minutes/document';
import { RECOMMENDATION_FIELDS } from '../recommendations/status';

/**
 * The top-level types each kind uses today, read from the code that writes them: a client's
 * update that creates any other is refused (server/collab/updateShape.ts). Add a name here when
 * a kind gains a part. Only the server imports this: it imports what writes the documents.
 */
export const ROOT_TYPES: Record<DocKind, readonly string[]> = {
	// LiveNotes: one plain text.
	notes: [NOTES_TEXT],
	// The agenda (moderators' editor), and what only the server writes: the current item and
	// announcement, the list of speakers, the latest poll's public face.
	plenary: [AGENDA, LIVE, SPEAKERS, POLL],
	// Tiptap's rich text, the decisions and action items, the status the server projects.
	minutes: [BODY, DECISIONS, ACTIONS, STATE],
	// One text per field of the recommendation form.
	recommendation: RECOMMENDATION_FIELDS,
	// Newsletter drafts have no live editor yet, and no client may open one.
	digest: []
};
