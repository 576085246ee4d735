import type { Actor } from '../policies';
import type { RecommendationRef } from './support/recommendationGuards';
import { recommendationStep } from './support/recommendationStep';
import type { Data } from '../db/client';

/** Before it goes to the plenary, the group may open its agreed text again. */
export function reopenRecommendation(data: Data, actor: Actor, input: RecommendationRef) {
	return recommendationStep(data, actor, input, 'reopen', 'draft', 'reopened');
}
