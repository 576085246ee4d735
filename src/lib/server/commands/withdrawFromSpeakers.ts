import { plenaryDoc } from '../../collab/docNames';
import { withdrawSpeaker } from '../../plenary/speakers';
import type { Db } from '../db';
import { changeDocument } from '../collab/changeDocument';
import { authorize, type Actor } from '../policies';
import type { SpeakerInput } from './requestToSpeak';
import { requirePlenarySession } from './support/guards';

/** A participant takes back their request to speak. */
export async function withdrawFromSpeakers(db: Db, actor: Actor, input: SpeakerInput) {
	authorize(actor, 'speakers.request', input);
	const session = requirePlenarySession(db, input.conferenceId, input.sessionId);
	await changeDocument(db, plenaryDoc(session.id), (doc) => withdrawSpeaker(doc, actor.personId as string));
}
