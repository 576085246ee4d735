import { error, redirect } from '@sveltejs/kit';
import QRCode from 'qrcode';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { formatCheckInCode } from '$lib/domain/checkIn';
import { calendarDayInZone, toDateTimeLocalValue } from '$lib/domain/time';
import { plenaryDoc } from '$lib/collab/docNames';
import { readAgenda, schedule } from '$lib/plenary/agenda';
import { readLive } from '$lib/plenary/live';
import { readSpeakers } from '$lib/plenary/speakers';
import { requestToSpeak } from '$lib/server/commands/requestToSpeak';
import { withdrawFromSpeakers } from '$lib/server/commands/withdrawFromSpeakers';
import * as Y from 'yjs';
import { plenaryViewOn } from '$lib/server/queries/plenaryView';
import { safeReturnPath } from '$lib/server/http/returnPath';
import { signedIn } from '$lib/server/http/signedIn';
import { getData } from '$lib/server/db/data';
import { abilities, authorize } from '$lib/server/policies';
import { checkInUnderLimits } from '$lib/server/limits/checkIn';
import { markPresent } from '$lib/server/commands/markPresent';
import { removeAttendance } from '$lib/server/commands/removeAttendance';
import { updatePlenarySession } from '$lib/server/commands/updatePlenarySession';
import { handleForm } from '$lib/server/forms/action';
import { attendanceForm, checkInForm, plenarySessionForm } from '$lib/server/forms/plenary';
import { attendanceList, getPlenarySessionOn, findAttendanceOn } from '$lib/server/queries/plenary';
import { openPoll } from '$lib/server/commands/openPoll';
import { castVoteTogether } from '$lib/server/polls/castVoteTogether';
import { closePoll } from '$lib/server/commands/closePoll';
import { cancelPoll } from '$lib/server/commands/cancelPoll';
import { openPollForm, pointOfOrderForm, pollForm, requestToSpeakForm, roomCountForm, voteForm } from '$lib/server/forms/plenary';
import { recordRoomCount } from '$lib/server/commands/recordRoomCount';
import { quorumOn } from '$lib/server/polls/quorum';
import { myBallot } from '$lib/server/polls/myBallot';
import { latestPoll, publicPoll, roomTallyOn } from '$lib/server/polls/publicPoll';
import { listResolutions, resolutionEntry } from '$lib/server/queries/votes';
import { easyTextLink } from '$lib/server/queries/easyTexts';
import { can as allows } from '$lib/server/policies/can';
import { findSittingMinutesSubjectOn } from '$lib/server/policies/subjects/lookupOn';
import type { Actor } from '$lib/server/policies';
import type { Data } from '$lib/server/db/client';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const data = getData();
	const session = await getPlenarySessionOn(data, params.conferenceId, params.sessionId);
	if (!session) error(404, { message: 'not_found' });
	const subject = { conferenceId: params.conferenceId, sessionId: session.id };
	authorize(locals.actor, 'plenary.view', subject);
	const me = signedIn(locals).person;
	// A document that cannot be opened reads as empty, and the agenda says why (see LiveAgenda).
	const read = (doc: Y.Doc) => ({ items: readAgenda(doc), now: readLive(doc), speakers: readSpeakers(doc) });
	const view = await plenaryViewOn(data, session.id);
	const opened = view && { items: view.agenda, now: view.now, speakers: view.speakers };
	const live = opened ?? read(new Y.Doc());
	const mine = await findAttendanceOn(data, session.id, me.id);
	const can = abilities(locals.actor, subject, [
		'plenary.update',
		'plenary.run',
		'plenary.planAgenda',
		'speakers.request',
		'attendance.checkIn',
		'attendance.view',
		'attendance.record',
		'poll.run',
		'poll.countRoom'
	] as const);
	const poll = await latestPoll(data, session.id);
	const checkInUrl = `${url.origin}/check-in/${session.checkInCode}`;
	return {
		session: {
			id: session.id,
			title: session.title,
			startsAt: session.startsAt,
			startsAtInput: toDateTimeLocalValue(session.startsAt),
			place: session.place,
			videoUrl: session.videoUrl
		},
		can,
		easyText: await easyTextLink(data, locals.actor, params.conferenceId, 'plenary_session', session.id),
		agenda: { docName: plenaryDoc(session.id), items: schedule(live.items, session.startsAt), now: live.now, broken: opened === null },
		userName: me.displayName,
		speakers: live.speakers,
		me: { personId: me.id, canRequest: can['speakers.request'], checkedIn: mine !== undefined },
		mine: mine ? { checkedInAt: mine.checkedInAt, method: mine.method } : null,
		checkInOpen: calendarDayInZone(new Date()) === calendarDayInZone(session.startsAt),
		// The code is what gets you counted as present: shown to those who run the room only.
		checkIn: can['attendance.view']
			? {
					code: formatCheckInCode(session.checkInCode),
					url: checkInUrl,
					qrSvg: await QRCode.toString(checkInUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
				}
			: null,
		attendance: can['attendance.view'] ? await attendanceList(data, params.conferenceId, session.id) : [],
		poll: poll ? await publicPoll(data, poll.id) : null,
		ballot: poll ? await myBallot(data, locals.actor, poll, params.conferenceId) : null,
		// Those who run the sitting see the room against the quorum before they open a vote, and
		// what they counted in the room so far while one is open.
		quorum: can['poll.run'] ? await quorumOn(data, params.conferenceId, session.id) : null,
		roomCount: can['poll.countRoom'] && poll?.status === 'open' ? await roomTallyOn(data, poll.id) : null,
		resolutions: (await listResolutions(data, session.id)).map(resolutionEntry),
		// The sitting's minutes are linked for those who may read them as they stand now.
		minutes: await canReadMinutes(locals.actor, data, session.id)
	};
};

const subjectOf = ({ params }: RequestEvent) => ({ conferenceId: params.conferenceId, sessionId: params.sessionId });

/**
 * Asking to speak, withdrawing and voting answer with a redirect back to the page (post,
 * redirect, get): reloading a phone's page must not ask again, withdraw twice or re-send a vote.
 */
async function speakersAction<S extends Parameters<typeof handleForm>[2]>(event: RequestEvent, spec: S, run: Parameters<typeof handleForm<S, void>>[3]) {
	const answer = await handleForm(event.request, 'speakers', spec, run);
	if ('saved' in answer && answer.saved) redirect(303, safeReturnPath(event.url.pathname));
	return answer;
}

async function pollAction<S extends Parameters<typeof handleForm>[2]>(
	event: RequestEvent,
	action: string,
	spec: S,
	run: Parameters<typeof handleForm<S, void>>[3]
) {
	const answer = await handleForm(event.request, action, spec, run);
	if ('saved' in answer && answer.saved) redirect(303, safeReturnPath(`${event.url.pathname}#poll`));
	return answer;
}

export const actions: Actions = {
	checkIn: (event) =>
		handleForm(event.request, 'checkIn', checkInForm, async (data) => {
			await checkInUnderLimits(getData(), event, signedIn(event.locals).person.id, { code: data.code, method: 'code', sessionId: event.params.sessionId });
		}),
	update: (event) =>
		handleForm(event.request, 'update', plenarySessionForm, async (data) => {
			await updatePlenarySession(getData(), event.locals.actor, { ...subjectOf(event), ...data });
		}),
	markPresent: (event) =>
		handleForm(event.request, 'markPresent', attendanceForm, async (data) => {
			await markPresent(getData(), event.locals.actor, { ...subjectOf(event), ...data, origin: event.url.origin });
		}),
	requestToSpeak: (event) =>
		speakersAction(event, requestToSpeakForm, (data) =>
			requestToSpeak(getData(), event.locals.actor, { ...subjectOf(event), kind: data.kind ?? 'normal', reason: data.reason })
		),
	pointOfOrder: (event) =>
		speakersAction(event, pointOfOrderForm, (data) =>
			requestToSpeak(getData(), event.locals.actor, { ...subjectOf(event), kind: 'order', reason: data.reason })
		),
	withdraw: (event) => speakersAction(event, {}, () => withdrawFromSpeakers(getData(), event.locals.actor, subjectOf(event))),
	openPoll: (event) =>
		pollAction(event, 'openPoll', openPollForm, (data) => openPoll(getData(), event.locals.actor, { ...subjectOf(event), ...data }).then(() => {})),
	vote: (event) =>
		pollAction(event, 'vote', voteForm, (data) => castVoteTogether(getData(), event.locals.actor, { ...subjectOf(event), ...data }).then(() => {})),
	closePoll: (event) =>
		pollAction(event, 'closePoll', pollForm, (data) => closePoll(getData(), event.locals.actor, { ...subjectOf(event), ...data }).then(() => {})),
	cancelPoll: (event) => pollAction(event, 'cancelPoll', pollForm, (data) => cancelPoll(getData(), event.locals.actor, { ...subjectOf(event), ...data })),
	recordRoomCount: (event) =>
		pollAction(event, 'recordRoomCount', roomCountForm, ({ pollId, ...counts }) =>
			recordRoomCount(getData(), event.locals.actor, { ...subjectOf(event), pollId, counts }).then(() => {})
		),
	removeAttendance: (event) =>
		handleForm(event.request, 'removeAttendance', attendanceForm, async (data) => {
			await removeAttendance(getData(), event.locals.actor, { ...subjectOf(event), ...data, origin: event.url.origin });
		})
};

async function canReadMinutes(actor: Actor, data: Data, sessionId: string): Promise<boolean> {
	const subject = await findSittingMinutesSubjectOn(data, sessionId);
	return subject !== null && allows(actor, 'sittingMinutes.view', subject);
}
