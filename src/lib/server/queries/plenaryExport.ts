import { plenaryDoc } from '../../collab/docNames';
import { plannedEnd, readAgenda, schedule } from '../../plenary/agenda';
import { readDocumentUnlessBroken } from '../collab/readDocument';
import type { Db } from '../db';
import { getConference } from './conferences';
import { getPlenarySession } from './plenary';

/**
 * A session with its conference and its agenda as it stands, scheduled from the start: what the
 * printable page and the calendar file show. A document that cannot be opened gives no items
 * (`agendaBroken`): the session itself is still there to print or keep.
 */
export function sessionForExport(db: Db, conferenceId: string, sessionId: string) {
	const session = getPlenarySession(db, conferenceId, sessionId);
	if (!session) return null;
	const conference = getConference(db, conferenceId)!;
	const agenda = readDocumentUnlessBroken(db, plenaryDoc(session.id), readAgenda);
	const items = agenda ? schedule(agenda, session.startsAt) : [];
	return {
		conference: { id: conference.id, name: conference.name },
		session,
		items,
		agendaBroken: agenda === null,
		/** None while the agenda is empty: there is nothing to plan an end from. */
		plannedEnd: items.length > 0 ? plannedEnd(items, session.startsAt) : null
	};
}

export type SessionExport = NonNullable<ReturnType<typeof sessionForExport>>;
