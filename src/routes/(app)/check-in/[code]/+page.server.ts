import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isCheckInCode, normalizeCheckInCode } from '$lib/domain/checkIn';
import { calendarDayInZone } from '$lib/domain/time';
import { refused } from '$lib/server/forms/errorMessages';
import { readForm } from '$lib/server/forms/parse';
import { setRetryAfter, throttled } from '$lib/server/forms/throttled';
import { can } from '$lib/server/policies';
import { signedIn } from '$lib/server/http/signedIn';
import { checkInAttempt, checkInUnderLimits } from '$lib/server/limits/checkIn';
import { LimitReached } from '$lib/server/limits/limiter';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { getData } from '$lib/server/db/data';
import { findSessionByCheckInCodeOn, findAttendanceOn } from '$lib/server/queries/plenary';

/**
 * Where the session's QR code leads. Opening it only shows what you would check in to (a link
 * preview or a scanner must not count anyone present); one button does it. Opening it is an
 * attempt like typing the code: counted under the check-in limits, and a code of a session the
 * person may not check in to answers exactly like a code that does not exist.
 */
export const load: PageServerLoad = async (event) => {
	const { locals, params } = event;
	const { person } = signedIn(locals);
	const counted = await checkInAttempt(event, person.id);
	if (counted.refusal) {
		setRetryAfter(counted.refusal.retryAt);
		error(429, { message: 'too_many_requests', retryAt: counted.refusal.retryAt.toISOString() });
	}
	const data = getData();
	const code = normalizeCheckInCode(params.code);
	const session = isCheckInCode(code) ? await findSessionByCheckInCodeOn(data, code) : undefined;
	if (!session || !can(locals.actor, 'attendance.checkIn', { conferenceId: session.conferenceId, sessionId: session.id })) {
		error(404, { message: 'not_found' });
	}
	await counted.succeeded();
	const conference = await getConferenceOn(data, session.conferenceId);
	return {
		session: { id: session.id, title: session.title, startsAt: session.startsAt, place: session.place, conferenceId: session.conferenceId },
		conferenceName: conference?.name ?? '',
		alreadyPresent: (await findAttendanceOn(data, session.id, person.id)) !== undefined,
		open: calendarDayInZone(new Date()) === calendarDayInZone(session.startsAt)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { person } = signedIn(event.locals);
		const form = await readForm(event.request);
		let target: string;
		try {
			const { session } = await checkInUnderLimits(getData(), event, person.id, { code: event.params.code, method: 'qr' });
			target = `/conferences/${session.conferenceId}/plenary/${session.id}?checkedIn`;
		} catch (error) {
			if (error instanceof LimitReached) return throttled(error.refusal, {});
			return refused(error, form);
		}
		redirect(303, target);
	}
};
