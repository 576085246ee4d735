import { RECOMMENDATION_FIELDS } from '../../recommendations/status';
import { KiB, nameOf, ROW_ID, type DocKindShape } from './types';

/** A recommendation's draft, co-edited by its working group: one text per field of the form. */
export const recommendationKind = {
	kind: 'recommendation',
	id: ROW_ID,
	rootTypes: RECOMMENDATION_FIELDS,
	// Five fields of at most 22,200 characters together (RECOMMENDATION_TEXT_MAX in
	// recommendations/status.ts), under 70 KB as UTF-8; the rest is room for the editing structure.
	maxBytes: 256 * KiB
} as const satisfies DocKindShape;

export const recommendationDoc = (recommendationId: string) => nameOf(recommendationKind, recommendationId);
