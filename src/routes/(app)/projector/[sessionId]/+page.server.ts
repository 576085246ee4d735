import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { plenaryDoc } from '$lib/collab/docNames';
import { readAgenda, schedule } from '$lib/plenary/agenda';
import { readLive } from '$lib/plenary/live';
import { readSpeakers } from '$lib/plenary/speakers';
import { getDb } from '$lib/server/db';
import * as Y from 'yjs';
import { readDocumentUnlessBroken } from '$lib/server/collab/readDocument';
import { authorize } from '$lib/server/policies';
import { findPlenarySession } from '$lib/server/queries/plenary';
import { latestPoll, publicPoll } from '$lib/server/polls/publicPoll';

/** The wall of the room: the current item large, the announcement, speakers, the vote, what comes next. */
export const load: PageServerLoad = ({ locals, params }) => {
	const db = getDb();
	const session = findPlenarySession(db, params.sessionId);
	if (!session) error(404, { message: 'not_found' });
	authorize(locals.actor, 'plenary.view', { conferenceId: session.conferenceId, sessionId: session.id });
	const docName = plenaryDoc(session.id);
	const read = (doc: Y.Doc) => ({ items: readAgenda(doc), now: readLive(doc), speakers: readSpeakers(doc) });
	// A document that cannot be opened reads as empty, and the wall says why.
	const opened = readDocumentUnlessBroken(db, docName, read);
	const live = opened ?? read(new Y.Doc());
	return {
		bare: true,
		broken: opened === null,
		session: { id: session.id, title: session.title, startsAt: session.startsAt },
		docName,
		items: schedule(live.items, session.startsAt),
		now: live.now,
		speakers: live.speakers,
		poll: publicPoll(db, latestPoll(db, session.id)?.id ?? '')
	};
};
