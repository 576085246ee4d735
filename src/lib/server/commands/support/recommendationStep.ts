import { eq } from 'drizzle-orm';
import { recommendationDoc } from '../../../collab/recommendationDoc';
import type { Data } from '../../db/client';
import { recordAuditIn } from '../../audit/record';
import { transactOn } from '../../effects';
import { authorize, recommendationSubject, type Actor } from '../../policies';
import { holdRecommendation, requireStep, type RecommendationRef } from './recommendationGuards';

/** A step of a recommendation that only changes its status (reopen, submit). */
export async function recommendationStep(
	data: Data,
	actor: Actor,
	input: RecommendationRef,
	stepName: 'reopen' | 'submit',
	status: 'draft' | 'submitted',
	event: 'reopened' | 'submitted'
) {
	const { recommendationEvents, recommendations } = data.t;
	const now = input.now ?? new Date();
	return transactOn(data, async (tx, effects) => {
		const before = await holdRecommendation(data, tx, input.conferenceId, input.recommendationId);
		authorize(actor, 'recommendation.advance', recommendationSubject(before));
		requireStep(before.status, stepName);
		const [row] = await tx.update(recommendations).set({ status, statusChangedAt: now }).where(eq(recommendations.id, before.id)).returning();
		await tx.insert(recommendationEvents).values({ recommendationId: row.id, event, at: now, byPersonId: actor.personId });
		await recordAuditIn(data, tx, actor, {
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
