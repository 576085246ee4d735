import { eq } from 'drizzle-orm';
import { plenaryDoc } from '../../collab/docNames';
import { addSpeaker, placeOf, readSpeakers } from '../../plenary/speakers';
import type { Db } from '../db';
import { people } from '../db/schema';
import { changeDocument } from '../collab/changeDocument';
import { authorize, type Actor } from '../policies';
import { findAttendance } from '../queries/plenary';
import { CommandError } from './support/errors';
import { requirePlenarySession } from './support/guards';

export interface SpeakerInput {
	conferenceId: string;
	sessionId: string;
}

/**
 * A participant asks to speak: only once checked in, once at a time, and not while the list is
 * closed (a point of order always may). The request goes into the session's live document,
 * where every screen sees it. Not audited: a place in a queue is not a record of the conference.
 */
export async function requestToSpeak(db: Db, actor: Actor, input: SpeakerInput & { pointOfOrder: boolean }) {
	authorize(actor, 'speakers.request', input);
	const session = requirePlenarySession(db, input.conferenceId, input.sessionId);
	const personId = actor.personId as string;
	if (!findAttendance(db, session.id, personId)) throw new CommandError('not_checked_in');
	const name = db.select({ name: people.displayName }).from(people).where(eq(people.id, personId)).get()!.name;
	await changeDocument(db, plenaryDoc(session.id), (doc) => {
		const state = readSpeakers(doc);
		if (placeOf(state, personId) !== null) throw new CommandError('already_on_list');
		if (state.closed && !input.pointOfOrder) throw new CommandError('speakers_closed');
		addSpeaker(doc, { personId, name }, input.pointOfOrder ? 'order' : 'normal');
	});
}
