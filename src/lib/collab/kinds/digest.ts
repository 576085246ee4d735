import { BODY } from '../../minutes/document';
import { KiB, nameOf, ROW_ID, type DocKindShape } from './types';

/**
 * A newsletter draft's standard edition: Tiptap's rich text, written with the minutes' editor.
 * The Leichte Sprache edition is an easy-language text (kind `digest` in easy_texts), with the
 * checker's hints and the Prüfgruppe's sign-off; publishing freezes both into the digests row.
 */
export const digestKind = {
	kind: 'digest',
	id: ROW_ID,
	rootTypes: [BODY],
	// A long issue with links, as text.
	maxBytes: 512 * KiB
} as const satisfies DocKindShape;

export const digestDoc = (digestId: string) => nameOf(digestKind, digestId);
