import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import type { PageServerLoad } from './$types';
import { plenaryDoc } from '$lib/collab/docNames';
import { formatCheckInCode } from '$lib/domain/checkIn';
import { readAgenda, schedule } from '$lib/plenary/agenda';
import { readLive } from '$lib/plenary/live';
import { readSpeakers } from '$lib/plenary/speakers';
import { getData } from '$lib/server/db/data';
import * as Y from 'yjs';
import { readDocumentUnlessBrokenOn } from '$lib/server/collab/readDocument';
import { authorize, can } from '$lib/server/policies';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { findPlenarySessionOn } from '$lib/server/queries/plenary';
import { latestPoll, publicPoll } from '$lib/server/polls/publicPoll';
import { conferenceLogoUrl } from '$lib/server/queries/conferenceLogo';

/** The wall of the room: what is on, who speaks and for how long, the vote and its result, how to check in. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const data = getData();
	const session = await findPlenarySessionOn(data, params.sessionId);
	if (!session) error(404, { message: 'not_found' });
	const subject = { conferenceId: session.conferenceId, sessionId: session.id };
	authorize(locals.actor, 'plenary.view', subject);
	const conference = (await getConferenceOn(data, session.conferenceId))!;
	const docName = plenaryDoc(session.id);
	const read = (doc: Y.Doc) => ({ items: readAgenda(doc), now: readLive(doc), speakers: readSpeakers(doc) });
	// A document that cannot be opened reads as empty, and the wall says why.
	const opened = await readDocumentUnlessBrokenOn(data, docName, read);
	const live = opened ?? read(new Y.Doc());
	// The code counts a person present: only a wall opened by those who run the room shows it
	// (the same people who see it on the session page), never a member's own screen.
	const checkInUrl = `${url.origin}/check-in/${session.checkInCode}`;
	const checkIn = can(locals.actor, 'attendance.view', subject)
		? {
				code: formatCheckInCode(session.checkInCode),
				url: checkInUrl,
				qrSvg: await QRCode.toString(checkInUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
			}
		: null;
	return {
		bare: true,
		broken: opened === null,
		conference: { name: conference.name, logoUrl: await conferenceLogoUrl(data, conference.id) },
		session: { id: session.id, title: session.title, startsAt: session.startsAt, place: session.place },
		checkIn,
		docName,
		items: schedule(live.items, session.startsAt),
		now: live.now,
		speakers: live.speakers,
		poll: await publicPoll(data, (await latestPoll(data, session.id))?.id ?? '')
	};
};
