import { and, eq } from 'drizzle-orm';
import { canStep, type RecommendationStatus, type Step } from '../../../recommendations/status';
import { first, type Data, type Query } from '../../db/client';
import { lockForUpdate } from '../../db/locks';
import { CommandError } from './errors';

/** The recommendation, if it belongs to that conference (`tx`: inside a command's transaction). */
export async function requireRecommendation(data: Data, conferenceId: string, recommendationId: string, tx: Query = data.q) {
	const { recommendations } = data.t;
	const row = first(
		await tx
			.select()
			.from(recommendations)
			.where(and(eq(recommendations.id, recommendationId), eq(recommendations.conferenceId, conferenceId)))
	);
	if (!row) throw new CommandError('not_found');
	return row;
}

/**
 * `requireRecommendation` for a step, inside its transaction: the recommendation's row is held
 * until the commit on PostgreSQL (`lockForUpdate`, nothing on SQLite, where the write lock does
 * it), then read. Two steps at once take turns, and the second reads the status the first
 * committed (`recommendation_wrong_step`) instead of writing over it, as the claim steps do.
 */
export async function holdRecommendation(data: Data, tx: Query, conferenceId: string, recommendationId: string) {
	await lockForUpdate(data, tx, data.t.recommendations, recommendationId);
	return requireRecommendation(data, conferenceId, recommendationId, tx);
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
