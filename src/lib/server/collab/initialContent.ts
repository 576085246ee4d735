import type { InitialContent } from './kinds/types';
import { docKindOf } from './kinds';

/**
 * What a document holds before anyone wrote to it, from its kind (src/lib/server/collab/kinds/):
 * read, then written by the document server the first time it opens a document that has nothing stored.
 */
export function initialContentFor(name: string): { id: string; read: InitialContent } | null {
	const found = docKindOf(name);
	const read = found?.definition.initialContent;
	return found && read ? { id: found.id, read } : null;
}
