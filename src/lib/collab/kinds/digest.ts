import { KiB, ROW_ID, type DocKindShape } from './types';

/**
 * A newsletter draft. The name exists before the capability: no live editor writes one yet, so it
 * has no top-level types, and its server part gives nobody access (see server/collab/kinds/digest.ts).
 */
export const digestKind = {
	kind: 'digest',
	id: ROW_ID,
	rootTypes: [],
	// A long issue with links, as text.
	maxBytes: 512 * KiB
} as const satisfies DocKindShape;
