import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { addAgendaItem } from '../../../src/lib/plenary/agenda';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { createPlenarySession } from '../../../src/lib/server/commands/createPlenarySession';
import { openPoll } from '../../../src/lib/server/commands/openPoll';
import type { Db } from '../../../src/lib/server/db';
import { sqliteData, type Data } from '../../../src/lib/server/db/client';
import { loadActorOn } from '../../../src/lib/server/policies';
import type { buildFixture } from './fixture';

/** A session of today with a decision item and a secret vote open on it, projected as `openPoll` does. */
export async function sessionWithOpenPoll(db: Db, fixture: Awaited<ReturnType<typeof buildFixture>>, title: string) {
	return sessionWithOpenPollOn(sqliteData(db.$client), fixture, title);
}

/** `sessionWithOpenPoll` on either database. */
export async function sessionWithOpenPollOn(data: Data, fixture: Awaited<ReturnType<typeof buildFixture>>, title: string) {
	const conferenceId = fixture.conferenceA.id;
	const session = await createPlenarySession(data, await loadActorOn(data, fixture.ids.office), {
		conferenceId,
		title,
		startsAt: new Date(),
		place: 'Saal',
		videoUrl: null
	});
	let itemId = '';
	await changeDocumentOn(data, plenaryDoc(session.id), (doc) => {
		itemId = addAgendaItem(doc, { title: 'Handlungsempfehlung Pflege', description: '', presenter: '', durationMinutes: 20, type: 'decision' });
	});
	const poll = await openPoll(data, await loadActorOn(data, fixture.ids.moderator), {
		conferenceId,
		sessionId: session.id,
		agendaItemId: itemId,
		motion: null,
		kind: 'vote',
		secrecy: 'secret',
		// Nobody is checked in: the test opens it anyway, as a moderator may after confirming.
		confirmNotQuorate: true
	});
	return { sessionId: session.id, pollId: poll.id };
}
