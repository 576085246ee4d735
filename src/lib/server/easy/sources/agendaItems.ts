import { and, asc, eq, gte } from 'drizzle-orm';
import { plenaryDoc } from '../../../collab/docNames';
import { agendaItemSubjectId } from '../../../easy/versions';
import { readAgenda, type AgendaItem } from '../../../plenary/agenda';
import { plenarySessions } from '../../db/schema';
import type { Db } from '../../db';
import { readDocumentUnlessBroken } from '../../collab/readDocument';
import { agendaItemText } from '../../../easy/standardTexts';
import { since, type EasySource, type EasySubject } from './types';

type Session = Pick<typeof plenarySessions.$inferSelect, 'id' | 'conferenceId' | 'title' | 'startsAt'>;

const subject = (session: Session, item: AgendaItem): EasySubject => ({
	kind: 'agenda_item',
	subjectId: agendaItemSubjectId(session.id, item.id),
	conferenceId: session.conferenceId,
	groupId: null,
	title: item.number ? `${item.number}. ${item.title}` : item.title,
	context: session.title,
	when: session.startsAt,
	standardText: agendaItemText(item),
	startingPoint: null,
	href: `/conferences/${session.conferenceId}/plenary/${session.id}`
});

/** The items of a session's agenda (read live from its document); breaks need no easy text. None from a document that cannot be opened. */
function itemsOf(db: Db, session: Session): EasySubject[] {
	const items = readDocumentUnlessBroken(db, plenaryDoc(session.id), readAgenda) ?? [];
	return items.filter((item) => item.type !== 'break').map((item) => subject(session, item));
}

const columns = { id: plenarySessions.id, conferenceId: plenarySessions.conferenceId, title: plenarySessions.title, startsAt: plenarySessions.startsAt };

export const agendaItemTexts: EasySource = {
	kind: 'agenda_item',
	list: (db, conferenceId, now) =>
		db
			.select(columns)
			.from(plenarySessions)
			.where(and(eq(plenarySessions.conferenceId, conferenceId), gte(plenarySessions.startsAt, since(now))))
			.orderBy(asc(plenarySessions.startsAt))
			.all()
			.flatMap((session) => itemsOf(db, session)),
	find: (db, conferenceId, subjectId) => {
		const [sessionId, itemId] = subjectId.split(':');
		if (!sessionId || !itemId) return null;
		const session = db
			.select(columns)
			.from(plenarySessions)
			.where(and(eq(plenarySessions.id, sessionId), eq(plenarySessions.conferenceId, conferenceId)))
			.get();
		if (!session) return null;
		return itemsOf(db, session).find((item) => item.subjectId === subjectId) ?? null;
	}
};
