import type { Db } from '../db';
import type { Actor } from '../policies';
import type { RecommendationRef } from './support/recommendationGuards';
import { recommendationStep } from './support/recommendationStep';

/** Before it goes to the plenary, the group may open its agreed text again. */
export function reopenRecommendation(db: Db, actor: Actor, input: RecommendationRef) {
	return recommendationStep(db, actor, input, 'reopen', 'draft', 'reopened');
}
