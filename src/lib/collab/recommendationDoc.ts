import type * as Y from 'yjs';
import { recommendationDoc } from './kinds/recommendation';
import { RECOMMENDATION_TEXT_MAX, RECOMMENDATION_FIELDS, type RecommendationTexts } from '../recommendations/status';

/** A recommendation's co-edited texts: one Y.Text per field, named after the field (see ./kinds/recommendation.ts). */
export { recommendationDoc };

/** The texts as they stand, each cut to its limit (any writer's client could have put anything in). */
export function readRecommendationTexts(doc: Y.Doc): RecommendationTexts {
	const texts = {} as RecommendationTexts;
	for (const field of RECOMMENDATION_FIELDS) texts[field] = doc.getText(field).toString().slice(0, RECOMMENDATION_TEXT_MAX[field]);
	return texts;
}

/** Fills empty fields (a new draft's title, the frozen text of a seeded one); never overwrites what is there. */
export function fillRecommendationTexts(doc: Y.Doc, texts: Partial<RecommendationTexts>): void {
	doc.transact(() => {
		for (const field of RECOMMENDATION_FIELDS) {
			const value = texts[field];
			const text = doc.getText(field);
			if (value && text.length === 0) text.insert(0, value);
		}
	});
}
