import { fillRecommendationTexts, recommendationDoc } from '../../collab/recommendationDoc';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { changeDocumentOn } from '../collab/changeDocument';
import { authorize, type Actor } from '../policies';
import { requireGroupOn } from './support/guards';

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
export async function createRecommendation(data: Data, actor: Actor, input: CreateRecommendationInput) {
	const { conferenceId, groupId, title } = input;
	authorize(actor, 'recommendation.create', { conferenceId, groupId });
	const now = input.now ?? new Date();
	const { recommendationEvents, recommendations } = data.t;
	const row = await data.transaction(async (tx) => {
		await requireGroupOn(data, conferenceId, groupId, tx);
		const [row] = await tx
			.insert(recommendations)
			.values({ conferenceId, groupId, title, status: 'draft', createdByPersonId: actor.personId, createdAt: now, statusChangedAt: now })
			.returning();
		await tx.insert(recommendationEvents).values({ recommendationId: row.id, event: 'created', at: now, byPersonId: actor.personId });
		await recordAuditIn(data, tx, actor, {
			action: 'recommendation.create',
			conferenceId,
			subjectType: 'recommendation',
			subjectId: row.id,
			after: { groupId, title }
		});
		return row;
	});
	await changeDocumentOn(data, recommendationDoc(row.id), (doc) => fillRecommendationTexts(doc, { title }));
	return row;
}
