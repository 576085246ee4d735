import { plenaryDoc } from '../../collab/docNames';
import { plannedEnd, readAgenda, schedule } from '../../plenary/agenda';
import { readDocumentUnlessBrokenOn } from '../collab/readDocument';
import type { Data } from '../db/client';
import { getConferenceOn } from './conferences';
import { getPlenarySessionOn } from './plenary';

/**
 * A session with its conference and its agenda as it stands, scheduled from the start: what the
 * printable page and the calendar file show. A document that cannot be opened gives no items
 * (`agendaBroken`): the session itself is still there to print or keep.
 */
export async function sessionForExport(data: Data, conferenceId: string, sessionId: string) {
	const session = await getPlenarySessionOn(data, conferenceId, sessionId);
	if (!session) return null;
	const conference = (await getConferenceOn(data, conferenceId))!;
	const agenda = await readDocumentUnlessBrokenOn(data, plenaryDoc(session.id), readAgenda);
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

export type SessionExport = NonNullable<Awaited<ReturnType<typeof sessionForExport>>>;
