import type * as Y from 'yjs';
import type { DocKindShape } from '../../../collab/kinds/types';
import type { Data } from '../../db/client';
import type { Action, SubjectOf } from '../../policies/rules';

/**
 * Who may open a kind's documents, decided by the policies: the action that gives write, the one
 * that gives read, and how the subject both are asked about is found from the document's id.
 */
export interface DocKindAccess<R extends Action = Action, W extends Action = Action> {
	read: R;
	write: W;
	/**
	 * Writers who may not also do `unless` change only these top-level types (the steering group
	 * plans a sitting's agenda but does not run it live). Held by the document server on every
	 * update (server/collab/extensions/writableRoots.ts), not only by the page.
	 */
	partialWrite?: { unless: Action; roots: readonly string[] };
	/**
	 * The policy subject of the document with this id, read through the data layer; null when what
	 * it belongs to does not exist (nobody may open it).
	 */
	subject(data: Data, id: string): Promise<(SubjectOf<R> & SubjectOf<W>) | null | undefined>;
}

/** Ties the two actions to the subject they are asked about, so a kind cannot name an action of another subject. */
export const accessBy = <R extends Action, W extends Action>(access: DocKindAccess<R, W>): DocKindAccess<R, W> => access;

/**
 * Parts of a document that only the server writes: projections of what SQLite decides, such as a
 * poll's count and result. Whoever has write access to the document (moderators, for the agenda)
 * could still change them from their own client. The document server watches these maps, and
 * when a change did not come from the server, it has the server write them again from the
 * database: screens may see a forged value for a moment, never for longer.
 */
export interface ServerOwned {
	maps: readonly string[];
	restore(data: Data, id: string): Promise<void>;
}

/**
 * What a document of a kind starts with: read from the data layer first (what it belongs to, an
 * agenda, a status), then written in one go into the empty document by the function it answers
 * (null: it starts empty). Reading and writing are apart so the document server can await the
 * read and still write in the tick it takes the document into memory.
 */
export type InitialContent = (data: Data, id: string) => Promise<((doc: Y.Doc) => void) | null>;

/** Everything the server knows about one kind of shared document: its shape, and what only the server may know. */
export interface DocKindDefinition extends DocKindShape {
	/** null: the kind's capability has not landed yet, and nobody may open its documents. */
	access: DocKindAccess | null;
	/**
	 * What a document holds before anyone wrote to it, written by the document server the first
	 * time it opens one that has nothing stored (Hocuspocus's onLoadDocument). Must use only the
	 * kind's root types.
	 */
	initialContent?: InitialContent;
	serverOwned?: ServerOwned;
}
