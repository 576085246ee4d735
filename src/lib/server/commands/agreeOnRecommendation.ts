import { eq } from 'drizzle-orm';
import { readRecommendationTexts, recommendationDoc } from '../../collab/recommendationDoc';
import { RECOMMENDATION_FIELDS } from '../../recommendations/status';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { withDocumentAsRead } from '../collab/documentAsRead';
import { transactOn } from '../effects';
import { authorize, recommendationSubject, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { holdRecommendation, requireRecommendation, requireStep, type RecommendationRef } from './support/recommendationGuards';

/**
 * The group agrees on its draft: the texts are read from the shared document as they stand and
 * frozen in the database, and the document turns read-only for everyone (open editors are switched
 * at once). Everything that follows — the plenary, the public page — reads the frozen copy.
 */
export async function agreeOnRecommendation(data: Data, actor: Actor, input: RecommendationRef) {
	const now = input.now ?? new Date();
	const { recommendationEvents, recommendations } = data.t;
	// The checks first, so a refusal comes as before (not found, not allowed, wrong step) without
	// reading the document; the transaction checks again on the row it holds.
	const found = await requireRecommendation(data, input.conferenceId, input.recommendationId);
	authorize(actor, 'recommendation.advance', recommendationSubject(found));
	requireStep(found.status, 'agree');
	// The live text, read just before the transaction, which awaits nothing but its own statements;
	// its last statement checks that the text has not moved since (`withDocumentAsRead`), so the
	// frozen copy has every edit made before it. From the commit on the document is read-only
	// (rightsChanged).
	return withDocumentAsRead(data, recommendationDoc(found.id), async ({ doc, unchanged }) => {
		const texts = readRecommendationTexts(doc);
		const trimmed = Object.fromEntries(RECOMMENDATION_FIELDS.map((field) => [field, texts[field].trim()])) as typeof texts;
		if (RECOMMENDATION_FIELDS.some((field) => !trimmed[field])) throw new CommandError('recommendation_incomplete');
		return transactOn(data, async (tx, effects) => {
			const before = await holdRecommendation(data, tx, input.conferenceId, input.recommendationId);
			authorize(actor, 'recommendation.advance', recommendationSubject(before));
			requireStep(before.status, 'agree');
			const [row] = await tx
				.update(recommendations)
				.set({ ...trimmed, status: 'agreed', frozenAt: now, statusChangedAt: now })
				.where(eq(recommendations.id, before.id))
				.returning();
			await tx.insert(recommendationEvents).values({ recommendationId: row.id, event: 'agreed', at: now, byPersonId: actor.personId });
			await recordAuditIn(data, tx, actor, {
				action: 'recommendation.agree',
				conferenceId: row.conferenceId,
				subjectType: 'recommendation',
				subjectId: row.id,
				before: { status: before.status },
				after: { status: row.status, ...trimmed }
			});
			effects.rightsChanged({ docName: recommendationDoc(row.id) });
			await unchanged();
			return row;
		});
	});
}
