import type * as Y from 'yjs';
import type { Db } from '../db';
import { docKindOf } from './kinds';

type Initial = (db: Db, id: string, doc: Y.Doc) => void;

/**
 * What a document holds before anyone wrote to it, from its kind (src/lib/server/collab/kinds/):
 * written by the document server the first time it opens a document that has nothing stored.
 */
export function initialContentFor(name: string): { id: string; write: Initial } | null {
	const found = docKindOf(name);
	const write = found?.definition.initialContent;
	return found && write ? { id: found.id, write } : null;
}
