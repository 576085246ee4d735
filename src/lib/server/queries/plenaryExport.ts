import { plenaryDoc } from '../../collab/docNames';
import { plannedEnd, readAgenda, schedule } from '../../plenary/agenda';
import { storedForPage } from '../collab/storedForPage';
import type { Db } from '../db';
import { getConference } from './conferences';
import { getPlenarySession } from './plenary';

/**
 * A session with its conference and its agenda as last stored, scheduled from the start: what
 * the printable page and the calendar file show. Read from the store, not the live server, so
 * exporting never loads a document into memory or holds one open. A document that cannot be
 * opened gives no items (`agendaBroken`): the session itself is still there to print or keep.
 */
export function sessionForExport(db: Db, conferenceId: string, sessionId: string) {
	const session = getPlenarySession(db, conferenceId, sessionId);
	if (!session) return null;
	const conference = getConference(db, conferenceId)!;
	const doc = storedForPage(db, plenaryDoc(session.id));
	const items = doc ? schedule(readAgenda(doc), session.startsAt) : [];
	return {
		conference: { id: conference.id, name: conference.name },
		session,
		items,
		agendaBroken: doc === null,
		/** None while the agenda is empty: there is nothing to plan an end from. */
		plannedEnd: items.length > 0 ? plannedEnd(items, session.startsAt) : null
	};
}

export type SessionExport = NonNullable<ReturnType<typeof sessionForExport>>;
