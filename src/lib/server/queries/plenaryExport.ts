import { plenaryDoc } from '../../collab/docNames';
import { plannedEnd, readAgenda, schedule } from '../../plenary/agenda';
import { createDocStore } from '../collab/docStore';
import type { Db } from '../db';
import { getConference } from './conferences';
import { getPlenarySession } from './plenary';

/**
 * A session with its conference and its agenda as last stored, scheduled from the start: what
 * the printable page and the calendar file show. Read from the store, not the live server, so
 * exporting never loads a document into memory or holds one open.
 */
export function sessionForExport(db: Db, conferenceId: string, sessionId: string) {
	const session = getPlenarySession(db, conferenceId, sessionId);
	if (!session) return null;
	const conference = getConference(db, conferenceId)!;
	const items = schedule(readAgenda(createDocStore(db).read(plenaryDoc(session.id))), session.startsAt);
	return {
		conference: { id: conference.id, name: conference.name },
		session,
		items,
		/** None while the agenda is empty: there is nothing to plan an end from. */
		plannedEnd: items.length > 0 ? plannedEnd(items, session.startsAt) : null
	};
}

export type SessionExport = NonNullable<ReturnType<typeof sessionForExport>>;
