import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { sameDayInZone } from '$lib/easy/format';
import { sessionText } from '$lib/easy/standardTexts';
import { getData } from '$lib/server/db/data';
import { checkInUnderLimits } from '$lib/server/limits/checkIn';
import { requestToSpeak } from '$lib/server/commands/requestToSpeak';
import { withdrawFromSpeakers } from '$lib/server/commands/withdrawFromSpeakers';
import { easyForm, easyMessageFor } from '$lib/server/easy/form';
import { castVoteTogether } from '$lib/server/polls/castVoteTogether';
import { checkEasyChoice, easyBallotView, easyVoteForm } from '$lib/server/easy/ballot';
import { parseForm, readForm } from '$lib/server/forms/parse';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { easyPlenaryView } from '$lib/server/easy/plenary';
import { easyVersionOf } from '$lib/server/easy/versions';
import { checkInForm } from '$lib/server/forms/plenary';
import { safeReturnPath } from '$lib/server/http/returnPath';
import { signedIn } from '$lib/server/http/signedIn';
import { abilities, authorize } from '$lib/server/policies';
import { findAttendanceOn, findPlenarySessionOn } from '$lib/server/queries/plenary';
import { m } from '$lib/paraglide/messages';

async function sessionOf(event: Pick<RequestEvent, 'params' | 'locals'>) {
	const session = await findPlenarySessionOn(getData(), event.params.sessionId);
	if (!session) error(404, { message: 'not_found' });
	const subject = { conferenceId: session.conferenceId, sessionId: session.id };
	authorize(event.locals.actor, 'plenary.view', subject);
	return { session, subject };
}

/**
 * A plenary session in easy language: the agenda with pictograms and easy texts, what is on now,
 * checking in and asking to speak. Plain forms; every answer is a redirect back here, so a reload
 * never sends twice and the page is the same with and without JavaScript.
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const data = getData();
	const { session, subject } = await sessionOf({ locals, params });
	const me = signedIn(locals).person;
	const can = abilities(locals.actor, subject, ['attendance.checkIn', 'speakers.request'] as const);
	const checkedIn = (await findAttendanceOn(data, session.id, me.id)) !== undefined;
	const today = sameDayInZone(session.startsAt, new Date());
	return {
		session: { id: session.id, title: session.title, startsAt: session.startsAt, place: session.place, videoUrl: session.videoUrl },
		easy: await easyVersionOf(data, 'plenary_session', session.id, sessionText(session)),
		...(await easyPlenaryView(data, session, me.id)),
		checkIn: { may: can['attendance.checkIn'], open: today, done: checkedIn },
		vote: await easyBallotView(data, locals.actor, session),
		mayAskToSpeak: can['speakers.request']
	};
};

/** Post, redirect, get: the page after the redirect says what happened (checked in, your place). */
async function answer(event: RequestEvent, result: Awaited<ReturnType<typeof easyForm>>, anchor: string) {
	if ('saved' in result && result.saved) redirect(303, safeReturnPath(`${event.url.pathname}#${anchor}`));
	return result;
}

export const actions: Actions = {
	checkIn: async (event) => {
		const { session } = await sessionOf(event);
		const { person } = signedIn(event.locals);
		const result = await easyForm(event.request, 'checkIn', checkInForm, { code: m.easy_checkin_code_missing }, (data) =>
			checkInUnderLimits(getData(), event, person.id, { code: data.code, method: 'code', sessionId: session.id })
		);
		return answer(event, result, 'check-in');
	},
	requestToSpeak: async (event) => {
		const { subject } = await sessionOf(event);
		const result = await easyForm(event.request, 'requestToSpeak', {}, {}, () =>
			requestToSpeak(getData(), event.locals.actor, { ...subject, pointOfOrder: false })
		);
		return answer(event, result, 'speak');
	},
	withdraw: async (event) => {
		const { subject } = await sessionOf(event);
		const result = await easyForm(event.request, 'withdraw', {}, {}, () => withdrawFromSpeakers(getData(), event.locals.actor, subject));
		return answer(event, result, 'speak');
	},
	/**
	 * The ballot's first step: the choice is checked and shown back for confirmation, nothing is
	 * stored. A POST, so the choice of a secret vote never stands in an address or the history.
	 */
	chooseVote: async (event) => {
		const { session } = await sessionOf(event);
		const form = await readForm(event.request);
		const values = stringValues(form);
		const parsed = parseForm(form, easyVoteForm);
		const refuse = (errors: Record<string, string>) => fail(400, { action: 'chooseVote', errors, values });
		if (!parsed.ok) return refuse(parsed.errors.choice ? { choice: m.easy_vote_choice_missing() } : { form: m.easy_vote_error_closed() });
		const view = await easyBallotView(getData(), event.locals.actor, session);
		if (view.ballot?.state === 'voted') return refuse({ form: m.easy_vote_error_already() });
		if (view.ballot?.state !== 'can_vote' && view.poll?.status === 'open' && view.poll.id === parsed.data.pollId)
			return refuse({ form: m.easy_vote_cannot_other() });
		const problem = checkEasyChoice(view.poll, parsed.data);
		if (problem === 'statement_required') return refuse({ statement: m.easy_vote_statement_missing() });
		if (problem) return refuse({ form: easyMessageFor(problem) });
		return { action: 'chooseVote', confirm: { pollId: parsed.data.pollId, choice: parsed.data.choice, statement: parsed.data.statement } };
	},
	/** Back from the confirmation to the choice, with what was chosen kept. */
	changeVote: async (event) => {
		await sessionOf(event);
		const values = stringValues(await readForm(event.request));
		return { action: 'changeVote', values };
	},
	/** The confirmed vote: the same command and rules as the standard ballot. */
	vote: async (event) => {
		const { subject } = await sessionOf(event);
		const result = await easyForm(
			event.request,
			'vote',
			easyVoteForm,
			{ choice: m.easy_vote_choice_missing, statement: m.easy_vote_statement_missing },
			(data) => castVoteTogether(getData(), event.locals.actor, { ...subject, ...data })
		);
		return answer(event, result, 'abstimmung');
	}
};

/** What was posted, for the form to show again: the ballot's three fields, each within its limit. */
function stringValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const name of ['pollId', 'choice', 'statement']) {
		const value = form.get(name);
		if (typeof value === 'string') values[name] = value.slice(0, FIELD_LIMITS.vote.statement);
	}
	return values;
}
