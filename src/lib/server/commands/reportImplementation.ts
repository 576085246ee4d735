import { eq } from 'drizzle-orm';
import type { ImplementationState } from '../../recommendations/status';
import { first, type Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, recommendationSubject, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { requireRecommendation, requireStep, type RecommendationRef } from './support/recommendationGuards';

export interface ReportInput extends RecommendationRef {
	state: ImplementationState;
	note: string;
	/** The day the report is about (today, or a day that has passed). */
	reportedOn: Date;
}

/**
 * How far the implementation has come, reported by a member, the coordination or the office.
 * The reporter's organisation is kept with the report: the public page names the organisation,
 * never the person.
 */
export async function reportImplementation(data: Data, actor: Actor, input: ReportInput) {
	const now = input.now ?? new Date();
	if (input.reportedOn.getTime() > now.getTime()) throw new CommandError('date_in_future', 'reportedOn');
	const { people, recommendationUpdates } = data.t;
	// No lock: the statuses a report may be made from (adopted, forwarded) have no step out of them.
	return data.transaction(async (tx) => {
		const recommendation = await requireRecommendation(data, input.conferenceId, input.recommendationId, tx);
		authorize(actor, 'recommendation.report', recommendationSubject(recommendation));
		requireStep(recommendation.status, 'report');
		const organisation = actor.personId
			? (first(await tx.select({ organisation: people.organisation }).from(people).where(eq(people.id, actor.personId)))?.organisation ?? null)
			: null;
		const [row] = await tx
			.insert(recommendationUpdates)
			.values({
				recommendationId: recommendation.id,
				state: input.state,
				note: input.note,
				reportedOn: input.reportedOn,
				reporterPersonId: actor.personId,
				reporterOrganisation: organisation,
				createdAt: now
			})
			.returning();
		await recordAuditIn(data, tx, actor, {
			action: 'recommendation.report',
			conferenceId: recommendation.conferenceId,
			subjectType: 'recommendation',
			subjectId: recommendation.id,
			after: { state: row.state, note: row.note, reportedOn: row.reportedOn.toISOString() }
		});
		return row;
	});
}
