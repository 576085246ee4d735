import { eq } from 'drizzle-orm';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, recommendationSubject, type Actor } from '../policies';
import { transactOn } from '../effects';
import { recommendationDoc } from '../../collab/recommendationDoc';
import { CommandError } from './support/errors';
import { holdRecommendation, requireStep, type RecommendationRef } from './support/recommendationGuards';

export interface ForwardInput extends RecommendationRef {
	/** Kreistag, council, a state ministry … in the office's words. */
	body: string;
	forwardedOn: Date;
	note: string | null;
}

/** The office sends an adopted recommendation on to a body that can act on it; once per body. */
export async function forwardRecommendation(data: Data, actor: Actor, input: ForwardInput) {
	const now = input.now ?? new Date();
	if (input.forwardedOn.getTime() > now.getTime()) throw new CommandError('date_in_future', 'forwardedOn');
	const { recommendationEvents, recommendations } = data.t;
	return transactOn(data, async (tx, effects) => {
		const before = await holdRecommendation(data, tx, input.conferenceId, input.recommendationId);
		authorize(actor, 'recommendation.forward', recommendationSubject(before));
		requireStep(before.status, 'forward');
		const [row] = await tx.update(recommendations).set({ status: 'forwarded', statusChangedAt: now }).where(eq(recommendations.id, before.id)).returning();
		await tx.insert(recommendationEvents).values({
			recommendationId: row.id,
			event: 'forwarded',
			at: now,
			byPersonId: actor.personId,
			body: input.body,
			forwardedOn: input.forwardedOn,
			note: input.note
		});
		await recordAuditIn(data, tx, actor, {
			action: 'recommendation.forward',
			conferenceId: row.conferenceId,
			subjectType: 'recommendation',
			subjectId: row.id,
			before: { status: before.status },
			after: { status: row.status, body: input.body, forwardedOn: input.forwardedOn.toISOString(), note: input.note }
		});
		// Who may read and write the shared text follows the status.
		effects.rightsChanged({ docName: recommendationDoc(row.id) });
		return row;
	});
}
