import { eq } from 'drizzle-orm';
import { readRecommendationTexts, recommendationDoc } from '../../collab/recommendationDoc';
import { RECOMMENDATION_FIELDS } from '../../recommendations/status';
import type { Db } from '../db';
import { recommendationEvents, recommendations } from '../db/schema';
import { recordAudit } from '../audit/record';
import { readDocument } from '../collab/readDocument';
import { transact } from '../effects';
import { authorize, recommendationSubject, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { requireRecommendation, requireStep, type RecommendationRef } from './support/recommendationGuards';

/**
 * The group agrees on its draft: the texts are read from the shared document as they stand and
 * frozen in SQLite, and the document turns read-only for everyone (open editors are switched at
 * once). Everything that follows — the plenary, the public page — reads the frozen copy.
 */
export function agreeOnRecommendation(db: Db, actor: Actor, input: RecommendationRef) {
	const now = input.now ?? new Date();
	return transact(db, (tx, effects) => {
		const before = requireRecommendation(tx, input.conferenceId, input.recommendationId);
		authorize(actor, 'recommendation.advance', recommendationSubject(before));
		requireStep(before.status, 'agree');
		// The live text, read inside the transaction: no edit can slip in between reading and freezing it.
		const texts = readDocument(db, recommendationDoc(before.id), readRecommendationTexts);
		const trimmed = Object.fromEntries(RECOMMENDATION_FIELDS.map((field) => [field, texts[field].trim()])) as typeof texts;
		if (RECOMMENDATION_FIELDS.some((field) => !trimmed[field])) throw new CommandError('recommendation_incomplete');
		const row = tx
			.update(recommendations)
			.set({ ...trimmed, status: 'agreed', frozenAt: now, statusChangedAt: now })
			.where(eq(recommendations.id, before.id))
			.returning()
			.get();
		tx.insert(recommendationEvents).values({ recommendationId: row.id, event: 'agreed', at: now, byPersonId: actor.personId }).run();
		recordAudit(tx, actor, {
			action: 'recommendation.agree',
			conferenceId: row.conferenceId,
			subjectType: 'recommendation',
			subjectId: row.id,
			before: { status: before.status },
			after: { status: row.status, ...trimmed }
		});
		effects.rightsChanged({ docName: recommendationDoc(row.id) });
		return row;
	});
}
