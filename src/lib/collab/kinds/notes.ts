import { KiB, nameOf, ROW_ID, type DocKindShape } from './types';

/** The text of a working group's shared notes (LiveNotes binds a textarea to it). */
export const NOTES_TEXT = 'notes';

/** A working group's running notes: the first live document of the product. One plain text. */
export const notesKind = {
	kind: 'notes',
	id: ROW_ID,
	rootTypes: [NOTES_TEXT],
	// Plain text: 512 KiB is some 200 pages.
	maxBytes: 512 * KiB
} as const satisfies DocKindShape;

export const groupNotesDoc = (groupId: string) => nameOf(notesKind, groupId);
