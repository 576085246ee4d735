import { and, asc, eq, gte } from 'drizzle-orm';
import { plenarySessions } from '../../db/schema';
import type { Db } from '../../db';
import { sessionText } from '../../../easy/standardTexts';
import { since, type EasySource, type EasySubject } from './types';

type Session = typeof plenarySessions.$inferSelect;

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
	list: (db: Db, conferenceId, now) =>
		db
			.select()
			.from(plenarySessions)
			.where(and(eq(plenarySessions.conferenceId, conferenceId), gte(plenarySessions.startsAt, since(now))))
			.orderBy(asc(plenarySessions.startsAt))
			.all()
			.map(subject),
	find: (db, conferenceId, subjectId) => {
		const session = db
			.select()
			.from(plenarySessions)
			.where(and(eq(plenarySessions.id, subjectId), eq(plenarySessions.conferenceId, conferenceId)))
			.get();
		return session ? subject(session) : null;
	}
};
