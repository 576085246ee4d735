import { eq } from 'drizzle-orm';
import { recommendationDoc } from '../../../collab/recommendationDoc';
import type { Db } from '../../db';
import { recommendationEvents, recommendations } from '../../db/schema';
import { recordAudit } from '../../audit/record';
import { transact } from '../../effects';
import { authorize, recommendationSubject, type Actor } from '../../policies';
import { requireRecommendation, requireStep, type RecommendationRef } from './recommendationGuards';

/** A step of a recommendation that only changes its status (reopen, submit). */
export function recommendationStep(
	db: Db,
	actor: Actor,
	input: RecommendationRef,
	stepName: 'reopen' | 'submit',
	status: 'draft' | 'submitted',
	event: 'reopened' | 'submitted'
) {
	const now = input.now ?? new Date();
	return transact(db, (tx, effects) => {
		const before = requireRecommendation(tx, input.conferenceId, input.recommendationId);
		authorize(actor, 'recommendation.advance', recommendationSubject(before));
		requireStep(before.status, stepName);
		const row = tx.update(recommendations).set({ status, statusChangedAt: now }).where(eq(recommendations.id, before.id)).returning().get();
		tx.insert(recommendationEvents).values({ recommendationId: row.id, event, at: now, byPersonId: actor.personId }).run();
		recordAudit(tx, actor, {
			action: `recommendation.${stepName}`,
			conferenceId: row.conferenceId,
			subjectType: 'recommendation',
			subjectId: row.id,
			before: { status: before.status },
			after: { status }
		});
		// Who may write the shared text follows the status.
		effects.rightsChanged({ docName: recommendationDoc(row.id) });
		return row;
	});
}
