import { eq } from 'drizzle-orm';
import { plenaryDoc } from '../../collab/docNames';
import { addSpeaker, placeOf, readSpeakers, type SpeakerKind } from '../../plenary/speakers';
import { changeDocumentOn } from '../collab/changeDocument';
import { authorize, type Actor } from '../policies';
import { findAttendanceOn } from '../queries/plenary';
import { CommandError } from './support/errors';
import { requirePlenarySessionOn } from './support/guards';
import { type Data, first } from '../db/client';

export interface SpeakerInput {
	conferenceId: string;
	sessionId: string;
}

export interface RequestToSpeakInput extends SpeakerInput {
	/** For, against, a point of order, or none of these ('normal', the default). */
	kind?: SpeakerKind;
	/** Why a point of order is raised (optional, one line); refused with any other kind. */
	reason?: string | null;
	/** As callers said it before there were kinds: true asks for a point of order. */
	pointOfOrder?: boolean;
}

/**
 * A participant asks to speak on the current agenda item: only once checked in, once per item's
 * list, not while that list is closed (a point of order always may), and only in the ways the
 * sitting offers (pro/contra, points of order: see `SpeakerOptions`). The request goes into the
 * session's live document, where every screen sees it. Not audited: a place in a queue is not a
 * record of the conference (who then spoke, and how long, is: see speechLog.ts).
 */
export async function requestToSpeak(data: Data, actor: Actor, input: RequestToSpeakInput) {
	const { people } = data.t;
	authorize(actor, 'speakers.request', input);
	const session = await requirePlenarySessionOn(data, input.conferenceId, input.sessionId);
	const personId = actor.personId as string;
	const kind: SpeakerKind = input.kind ?? (input.pointOfOrder ? 'order' : 'normal');
	const reason = input.reason?.replace(/\s+/g, ' ').trim() ?? '';
	if (reason && kind !== 'order') throw new CommandError('speaker_reason_only_for_order', 'reason');
	if (!(await findAttendanceOn(data, session.id, personId))) throw new CommandError('not_checked_in');
	const name = first(await data.q.select({ name: people.displayName }).from(people).where(eq(people.id, personId)))!.name;
	await changeDocumentOn(data, plenaryDoc(session.id), (doc) => {
		const state = readSpeakers(doc);
		if (kind === 'order' && !state.options.pointOfOrder) throw new CommandError('point_of_order_off');
		if ((kind === 'pro' || kind === 'contra') && !state.options.proContra) throw new CommandError('pro_contra_off', 'kind');
		if (placeOf(state, personId) !== null) throw new CommandError('already_on_list');
		if (state.closed && kind !== 'order') throw new CommandError('speakers_closed');
		addSpeaker(doc, { personId, name }, kind, reason);
	});
}
