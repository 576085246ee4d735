import type { Db } from '../db';
import type { Edition } from '../db/schema';

/**
 * A digest as readers get it: the standard edition from the live document (Tiptap's HTML, the
 * minutes' renderer), the easy edition from its easy-language text. Drafts are rendered for the
 * preview and the test mail; publishing freezes exactly this into the digests row.
 * CONTRACT (owner: part C, publishing). Stub until part C lands.
 */
export interface RenderedEdition {
	edition: Edition;
	/** A sanitized HTML fragment: headings, paragraphs, lists, links; no page chrome. */
	html: string;
	text: string;
}

export interface RenderedDigest {
	title: string;
	standard: RenderedEdition;
	/** Null while nobody has written the easy edition. */
	easy: RenderedEdition | null;
	/** The easy edition's sign-off: `checked` by the Prüfgruppe, or still a `draft`. */
	easyStatus: 'missing' | 'draft' | 'checked';
}

export function renderDraft(db: Db, digestId: string): RenderedDigest {
	void db;
	void digestId;
	throw new Error('renderDraft: not built yet (part C)');
}
