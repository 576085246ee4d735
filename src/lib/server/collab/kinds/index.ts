import { parseDocName, type DocKind } from '../../../collab/kinds';
import { digest } from './digest';
import { minutes } from './minutes';
import { notes } from './notes';
import { plenary } from './plenary';
import { recommendation } from './recommendation';
import { sittingMinutes } from './sittingMinutes';
import type { DocKindDefinition } from './types';

export type { DocKindAccess, DocKindDefinition, ServerOwned } from './types';

/**
 * Every kind of shared document, with everything the server knows about it: one file per kind,
 * each spreading the kind's browser-safe half from src/lib/collab/kinds/ (why two halves: see
 * there). The document server, the access check and the pages ask this table, never a kind by
 * name: adding a kind is its two files and a line in each registry.
 */
export const DOC_KIND_DEFINITIONS: Record<DocKind, DocKindDefinition> = {
	notes,
	plenary,
	minutes,
	recommendation,
	digest,
	sittingminutes: sittingMinutes
};

/** The kind of a document by its name, and the id within it; null for a name that does not parse. */
export function docKindOf(name: string): { definition: DocKindDefinition; id: string } | null {
	const parsed = parseDocName(name);
	return parsed ? { definition: DOC_KIND_DEFINITIONS[parsed.kind], id: parsed.id } : null;
}
