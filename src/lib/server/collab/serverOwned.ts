import { docKindOf, type ServerOwned } from './kinds';

/**
 * Parts of a shared document that only the server writes, from its kind (see `ServerOwned` in
 * kinds/types.ts): the document server watches these maps and has a change that did not come
 * from the server written again from SQLite.
 */
export function serverOwnedParts(name: string): (ServerOwned & { id: string }) | null {
	const found = docKindOf(name);
	const owned = found?.definition.serverOwned;
	return found && owned ? { ...owned, id: found.id } : null;
}
