import { and, eq } from 'drizzle-orm';
import { canStep, type RecommendationStatus, type Step } from '../../../recommendations/status';
import type { Db } from '../../db';
import { recommendations } from '../../db/schema';
import { CommandError } from './errors';

type Reader = Pick<Db, 'select'>;

/** The recommendation, if it belongs to that conference. */
export function requireRecommendation(tx: Reader, conferenceId: string, recommendationId: string) {
	const row = tx
		.select()
		.from(recommendations)
		.where(and(eq(recommendations.id, recommendationId), eq(recommendations.conferenceId, conferenceId)))
		.get();
	if (!row) throw new CommandError('not_found');
	return row;
}

/** A step taken from the wrong status is refused in words, not with a 403: the person may, just not now. */
export function requireStep(status: RecommendationStatus, step: Step): void {
	if (!canStep(status, step)) throw new CommandError('recommendation_wrong_step');
}

export interface RecommendationRef {
	conferenceId: string;
	recommendationId: string;
	now?: Date;
}
