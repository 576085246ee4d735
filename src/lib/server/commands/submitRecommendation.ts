import type { Db } from '../db';
import type { Actor } from '../policies';
import type { RecommendationRef } from './support/recommendationGuards';
import { recommendationStep } from './support/recommendationStep';

/** The coordination hands the agreed text to the plenary; the office then puts it on an agenda item. */
export function submitRecommendation(db: Db, actor: Actor, input: RecommendationRef) {
	return recommendationStep(db, actor, input, 'submit', 'submitted', 'submitted');
}
