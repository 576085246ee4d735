import { fillRecommendationTexts, recommendationDoc } from '../../collab/recommendationDoc';
import type { Db } from '../db';
import { recommendationEvents, recommendations } from '../db/schema';
import { recordAudit } from '../audit/record';
import { changeDocument } from '../collab/changeDocument';
import { authorize, type Actor } from '../policies';
import { requireGroup } from './support/guards';

export interface CreateRecommendationInput {
	conferenceId: string;
	groupId: string;
	title: string;
	now?: Date;
}

/**
 * A member of the group starts a draft with a working title; the group then writes it together
 * in `recommendation:<id>`, where the title goes too.
 */
export async function createRecommendation(db: Db, actor: Actor, input: CreateRecommendationInput) {
	const { conferenceId, groupId, title } = input;
	authorize(actor, 'recommendation.create', { conferenceId, groupId });
	const now = input.now ?? new Date();
	const row = db.transaction((tx) => {
		requireGroup(tx, conferenceId, groupId);
		const row = tx
			.insert(recommendations)
			.values({ conferenceId, groupId, title, status: 'draft', createdByPersonId: actor.personId, createdAt: now, statusChangedAt: now })
			.returning()
			.get();
		tx.insert(recommendationEvents).values({ recommendationId: row.id, event: 'created', at: now, byPersonId: actor.personId }).run();
		recordAudit(tx, actor, { action: 'recommendation.create', conferenceId, subjectType: 'recommendation', subjectId: row.id, after: { groupId, title } });
		return row;
	});
	await changeDocument(db, recommendationDoc(row.id), (doc) => fillRecommendationTexts(doc, { title }));
	return row;
}
