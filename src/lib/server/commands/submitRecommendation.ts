import type { Actor } from '../policies';
import type { RecommendationRef } from './support/recommendationGuards';
import { recommendationStep } from './support/recommendationStep';
import type { Data } from '../db/client';

/** The coordination hands the agreed text to the plenary; the office then puts it on an agenda item. */
export function submitRecommendation(data: Data, actor: Actor, input: RecommendationRef) {
	return recommendationStep(data, actor, input, 'submit', 'submitted', 'submitted');
}
