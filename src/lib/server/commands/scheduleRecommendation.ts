import { eq } from 'drizzle-orm';
import { plenaryDoc } from '../../collab/docNames';
import { readAgenda } from '../../plenary/agenda';
import type { Db } from '../db';
import { recommendationEvents, recommendations } from '../db/schema';
import { recordAudit } from '../audit/record';
import { readDocument } from '../collab/readDocument';
import { authorize, recommendationSubject, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { requirePlenarySession } from './support/guards';
import { requireRecommendation, requireStep, type RecommendationRef } from './support/recommendationGuards';

export interface ScheduleInput extends RecommendationRef {
	sessionId: string;
	agendaItemId: string;
}

/**
 * The hand-over to the plenary: whoever plans the agenda links a submitted recommendation to
 * the agenda item it will be decided under. The plenary's poll on that item then carries the
 * decision (see decideRecommendation). Linking again moves it to another item or sitting.
 */
export function scheduleRecommendation(db: Db, actor: Actor, input: ScheduleInput) {
	const now = input.now ?? new Date();
	return db.transaction((tx) => {
		const before = requireRecommendation(tx, input.conferenceId, input.recommendationId);
		authorize(actor, 'recommendation.schedule', recommendationSubject(before));
		requireStep(before.status, 'schedule');
		const session = requirePlenarySession(tx, input.conferenceId, input.sessionId);
		const item = readDocument(db, plenaryDoc(session.id), readAgenda).find((i) => i.id === input.agendaItemId);
		if (!item || item.type === 'break') throw new CommandError('agenda_item_unknown', 'agendaItem');
		const row = tx
			.update(recommendations)
			.set({ sessionId: session.id, agendaItemId: item.id, agendaItemTitle: item.title })
			.where(eq(recommendations.id, before.id))
			.returning()
			.get();
		tx.insert(recommendationEvents)
			.values({ recommendationId: row.id, event: 'scheduled', at: now, byPersonId: actor.personId, sessionId: session.id, agendaItemId: item.id })
			.run();
		recordAudit(tx, actor, {
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
