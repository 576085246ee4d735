import type { Data } from '../db/client';
import type { Actor } from '../policies/actor';
import { can } from '../policies/can';
import type { Action } from '../policies/rules';
import { docKindOf } from './kinds';

export type DocAccess = 'none' | 'read' | 'write';

// Each kind's actions and subject were checked against each other where it is defined (`accessBy`).
const allows = can as (actor: Actor, action: Action, subject: unknown) => boolean;

/**
 * What an actor may do with a shared document, decided by the policies through its kind's
 * actions (src/lib/server/collab/kinds/): the document server asks this on upgrade and again
 * whenever rights change; pages ask it to show an editor.
 */
export async function docAccess(data: Data, actor: Actor, name: string): Promise<DocAccess> {
	const found = docKindOf(name);
	// Kinds whose capability has not landed yet have no readers.
	const access = found?.definition.access;
	if (!found || !access) return 'none';
	const subject = await access.subject(data, found.id);
	if (!subject) return 'none';
	if (allows(actor, access.write, subject)) return 'write';
	return allows(actor, access.read, subject) ? 'read' : 'none';
}

/**
 * The top-level types a writer may change in a document: null for all of them, else only these
 * (its kind's `partialWrite`, for writers who may not do its `unless`).
 */
export async function writableRoots(data: Data, actor: Actor, name: string): Promise<readonly string[] | null> {
	const found = docKindOf(name);
	const partial = found?.definition.access?.partialWrite;
	if (!found || !partial) return null;
	const subject = await found.definition.access!.subject(data, found.id);
	return subject && allows(actor, partial.unless, subject) ? null : partial.roots;
}

/** Do some writers of this document change only part of it (its kind has a `partialWrite`)? */
export function hasPartialWrite(name: string): boolean {
	return docKindOf(name)?.definition.access?.partialWrite !== undefined;
}
