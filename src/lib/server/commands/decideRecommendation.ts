import { eq } from 'drizzle-orm';
import { recommendationDoc } from '../../collab/recommendationDoc';
import { outcomeMatchesResolution, type PlenaryOutcome } from '../../recommendations/status';
import { first, type Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { transactOn } from '../effects';
import { authorize, recommendationSubject, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { holdRecommendation, requireStep, type RecommendationRef } from './support/recommendationGuards';

export interface DecideInput extends RecommendationRef {
	outcome: PlenaryOutcome;
	/** The resolution taken on the recommendation's agenda item; a referral back may come without a vote. */
	resolutionId: string | null;
	note: string | null;
}

/**
 * Records what the plenary decided, from the resolution its poll stored: an adoption or a
 * rejection needs a resolution on the recommendation's own agenda item whose result says so.
 * A referral back returns the text to the group, which may edit it again.
 */
export async function decideRecommendation(data: Data, actor: Actor, input: DecideInput) {
	const now = input.now ?? new Date();
	const { recommendationEvents, recommendations, resolutions } = data.t;
	return transactOn(data, async (tx, effects) => {
		const before = await holdRecommendation(data, tx, input.conferenceId, input.recommendationId);
		authorize(actor, 'recommendation.decide', recommendationSubject(before));
		requireStep(before.status, 'decide');
		let resolution: typeof resolutions.$inferSelect | undefined;
		if (input.resolutionId) {
			if (!before.sessionId || !before.agendaItemId) throw new CommandError('recommendation_not_scheduled');
			resolution = first(await tx.select().from(resolutions).where(eq(resolutions.id, input.resolutionId)));
			if (!resolution || resolution.sessionId !== before.sessionId || resolution.agendaItemId !== before.agendaItemId)
				throw new CommandError('resolution_not_for_item', 'resolutionId');
			if (!outcomeMatchesResolution(input.outcome, resolution.outcome)) throw new CommandError('resolution_outcome_mismatch', 'outcome');
		} else if (input.outcome !== 'referred_back') {
			throw new CommandError(before.agendaItemId ? 'resolution_required' : 'recommendation_not_scheduled', before.agendaItemId ? 'resolutionId' : undefined);
		}
		const [row] = await tx
			.update(recommendations)
			.set({ status: input.outcome, resolutionId: resolution?.id ?? null, statusChangedAt: now })
			.where(eq(recommendations.id, before.id))
			.returning();
		await tx.insert(recommendationEvents).values({
			recommendationId: row.id,
			event: input.outcome,
			at: resolution?.decidedAt ?? now,
			byPersonId: actor.personId,
			sessionId: before.sessionId,
			agendaItemId: before.agendaItemId,
			resolutionId: resolution?.id ?? null,
			note: input.note
		});
		await recordAuditIn(data, tx, actor, {
			action: 'recommendation.decide',
			conferenceId: row.conferenceId,
			subjectType: 'recommendation',
			subjectId: row.id,
			before: { status: before.status },
			after: { status: row.status, resolutionId: resolution?.id ?? null, resolution: resolution?.number ?? null, note: input.note }
		});
		// A referral opens the text to the group again; who may write it follows the status.
		effects.rightsChanged({ docName: recommendationDoc(row.id) });
		return row;
	});
}
