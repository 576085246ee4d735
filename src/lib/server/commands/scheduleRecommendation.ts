import { eq } from 'drizzle-orm';
import { plenaryDoc } from '../../collab/docNames';
import { readAgenda } from '../../plenary/agenda';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { readDocumentOn } from '../collab/readDocument';
import { authorize, recommendationSubject, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { requirePlenarySessionOn } from './support/guards';
import { holdRecommendation, requireRecommendation, requireStep, type RecommendationRef } from './support/recommendationGuards';

export interface ScheduleInput extends RecommendationRef {
	sessionId: string;
	agendaItemId: string;
}

/**
 * The hand-over to the plenary: whoever plans the agenda links a submitted recommendation to
 * the agenda item it will be decided under. The plenary's poll on that item then carries the
 * decision (see decideRecommendation). Linking again moves it to another item or sitting.
 */
export async function scheduleRecommendation(data: Data, actor: Actor, input: ScheduleInput) {
	const now = input.now ?? new Date();
	const { recommendationEvents, recommendations } = data.t;
	// The checks first, in the order of their refusals, before the agenda is read; the
	// transaction checks the recommendation again on the row it holds.
	const found = await requireRecommendation(data, input.conferenceId, input.recommendationId);
	authorize(actor, 'recommendation.schedule', recommendationSubject(found));
	requireStep(found.status, 'schedule');
	const session = await requirePlenarySessionOn(data, input.conferenceId, input.sessionId);
	// The agenda lives in the live document: read before the transaction, which awaits nothing
	// but its own statements (as openPoll does).
	const item = (await readDocumentOn(data, plenaryDoc(session.id), readAgenda)).find((i) => i.id === input.agendaItemId);
	if (!item || item.type === 'break') throw new CommandError('agenda_item_unknown', 'agendaItem');
	return data.transaction(async (tx) => {
		const before = await holdRecommendation(data, tx, input.conferenceId, input.recommendationId);
		authorize(actor, 'recommendation.schedule', recommendationSubject(before));
		requireStep(before.status, 'schedule');
		const [row] = await tx
			.update(recommendations)
			.set({ sessionId: session.id, agendaItemId: item.id, agendaItemTitle: item.title })
			.where(eq(recommendations.id, before.id))
			.returning();
		await tx
			.insert(recommendationEvents)
			.values({ recommendationId: row.id, event: 'scheduled', at: now, byPersonId: actor.personId, sessionId: session.id, agendaItemId: item.id });
		await recordAuditIn(data, tx, actor, {
			action: 'recommendation.schedule',
			conferenceId: row.conferenceId,
			subjectType: 'recommendation',
			subjectId: row.id,
			before: { sessionId: before.sessionId, agendaItemId: before.agendaItemId },
			after: { sessionId: session.id, agendaItemId: item.id, agendaItemTitle: item.title }
		});
		return row;
	});
}
