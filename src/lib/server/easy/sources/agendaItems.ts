import { and, asc, eq, gte } from 'drizzle-orm';
import { plenaryDoc } from '../../../collab/docNames';
import { agendaItemSubjectId } from '../../../easy/versions';
import { readAgenda, type AgendaItem } from '../../../plenary/agenda';
import type { Data } from '../../db/client';
import { readDocumentUnlessBrokenOn } from '../../collab/readDocument';
import { agendaItemText } from '../../../easy/standardTexts';
import { since, type EasySource, type EasySubject } from './types';

interface Session {
	id: string;
	conferenceId: string;
	title: string;
	startsAt: Date;
}

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
async function itemsOf(data: Data, session: Session): Promise<EasySubject[]> {
	const items = (await readDocumentUnlessBrokenOn(data, plenaryDoc(session.id), readAgenda)) ?? [];
	return items.filter((item) => item.type !== 'break').map((item) => subject(session, item));
}

const columns = ({ plenarySessions }: Data['t']) => ({
	id: plenarySessions.id,
	conferenceId: plenarySessions.conferenceId,
	title: plenarySessions.title,
	startsAt: plenarySessions.startsAt
});

export const agendaItemTexts: EasySource = {
	kind: 'agenda_item',
	list: async (data, conferenceId, now) => {
		const { plenarySessions } = data.t;
		const sessions = await data.q
			.select(columns(data.t))
			.from(plenarySessions)
			.where(and(eq(plenarySessions.conferenceId, conferenceId), gte(plenarySessions.startsAt, since(now))))
			.orderBy(asc(plenarySessions.startsAt), asc(plenarySessions.id));
		// One document after the other, in the sessions' order.
		const items: EasySubject[] = [];
		for (const session of sessions) items.push(...(await itemsOf(data, session)));
		return items;
	},
	find: async (data, conferenceId, subjectId) => {
		const { plenarySessions } = data.t;
		const [sessionId, itemId] = subjectId.split(':');
		if (!sessionId || !itemId) return null;
		const [session] = await data.q
			.select(columns(data.t))
			.from(plenarySessions)
			.where(and(eq(plenarySessions.id, sessionId), eq(plenarySessions.conferenceId, conferenceId)));
		if (!session) return null;
		return (await itemsOf(data, session)).find((item) => item.subjectId === subjectId) ?? null;
	}
};
