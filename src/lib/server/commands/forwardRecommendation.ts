import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { recommendationEvents, recommendations } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, recommendationSubject, type Actor } from '../policies';
import { transact } from '../effects';
import { recommendationDoc } from '../../collab/recommendationDoc';
import { CommandError } from './support/errors';
import { requireRecommendation, requireStep, type RecommendationRef } from './support/recommendationGuards';

export interface ForwardInput extends RecommendationRef {
	/** Kreistag, council, a state ministry … in the office's words. */
	body: string;
	forwardedOn: Date;
	note: string | null;
}

/** The office sends an adopted recommendation on to a body that can act on it; once per body. */
export function forwardRecommendation(db: Db, actor: Actor, input: ForwardInput) {
	const now = input.now ?? new Date();
	if (input.forwardedOn.getTime() > now.getTime()) throw new CommandError('date_in_future', 'forwardedOn');
	return transact(db, (tx, effects) => {
		const before = requireRecommendation(tx, input.conferenceId, input.recommendationId);
		authorize(actor, 'recommendation.forward', recommendationSubject(before));
		requireStep(before.status, 'forward');
		const row = tx.update(recommendations).set({ status: 'forwarded', statusChangedAt: now }).where(eq(recommendations.id, before.id)).returning().get();
		tx.insert(recommendationEvents)
			.values({
				recommendationId: row.id,
				event: 'forwarded',
				at: now,
				byPersonId: actor.personId,
				body: input.body,
				forwardedOn: input.forwardedOn,
				note: input.note
			})
			.run();
		recordAudit(tx, actor, {
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
