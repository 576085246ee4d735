import { plenaryDoc } from '../../collab/docNames';
import { withdrawSpeaker } from '../../plenary/speakers';
import { changeDocumentOn } from '../collab/changeDocument';
import { authorize, type Actor } from '../policies';
import type { SpeakerInput } from './requestToSpeak';
import { requirePlenarySessionOn } from './support/guards';
import type { Data } from '../db/client';

/** A participant takes back their request to speak. */
export async function withdrawFromSpeakers(data: Data, actor: Actor, input: SpeakerInput) {
	authorize(actor, 'speakers.request', input);
	const session = await requirePlenarySessionOn(data, input.conferenceId, input.sessionId);
	await changeDocumentOn(data, plenaryDoc(session.id), (doc) => withdrawSpeaker(doc, actor.personId as string));
}
