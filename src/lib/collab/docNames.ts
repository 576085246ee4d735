/**
 * Names of shared documents: `<kind>:<id>`. Shared by the browser, the app server and the
 * document server; a name that does not parse is refused before anything else happens.
 */
export const DOC_KINDS = ['notes', 'plenary', 'minutes', 'recommendation', 'digest'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export interface DocName {
	kind: DocKind;
	id: string;
}

const PATTERN = /^([a-z]+):([a-z0-9]{1,64})$/;

export function parseDocName(name: string): DocName | null {
	const match = PATTERN.exec(name);
	if (!match) return null;
	const kind = match[1] as DocKind;
	if (!(DOC_KINDS as readonly string[]).includes(kind)) return null;
	return { kind, id: match[2] };
}

export function docName(kind: DocKind, id: string): string {
	return `${kind}:${id}`;
}

/** The working group's shared notes: the first live document of the product. */
export const groupNotesDoc = (groupId: string) => docName('notes', groupId);
export const NOTES_TEXT = 'notes';

/** A plenary session's agenda and, later, its live state (current item, speakers, timer). */
export const plenaryDoc = (sessionId: string) => docName('plenary', sessionId);

/** The minutes of a working-group meeting: rich text, decisions and action items. */
export const minutesDoc = (meetingId: string) => docName('minutes', meetingId);
