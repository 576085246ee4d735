import { and, asc, eq, gte } from 'drizzle-orm';
import { sessionText } from '../../../easy/standardTexts';
import type { Data } from '../../db/client';
import { since, type EasySource, type EasySubject } from './types';

type Session = Data['t']['plenarySessions']['$inferSelect'];

const subject = (session: Session): EasySubject => ({
	kind: 'plenary_session',
	subjectId: session.id,
	conferenceId: session.conferenceId,
	groupId: null,
	title: session.title,
	context: null,
	when: session.startsAt,
	standardText: sessionText(session),
	startingPoint: null,
	href: `/conferences/${session.conferenceId}/plenary/${session.id}`
});

/** A plenary session: what it is about, in a few easy sentences. */
export const plenarySessionTexts: EasySource = {
	kind: 'plenary_session',
	list: async (data, conferenceId, now) => {
		const { plenarySessions } = data.t;
		const rows = await data.q
			.select()
			.from(plenarySessions)
			.where(and(eq(plenarySessions.conferenceId, conferenceId), gte(plenarySessions.startsAt, since(now))))
			.orderBy(asc(plenarySessions.startsAt), asc(plenarySessions.id));
		return rows.map(subject);
	},
	find: async (data, conferenceId, subjectId) => {
		const { plenarySessions } = data.t;
		const [session] = await data.q
			.select()
			.from(plenarySessions)
			.where(and(eq(plenarySessions.id, subjectId), eq(plenarySessions.conferenceId, conferenceId)));
		return session ? subject(session) : null;
	}
};
