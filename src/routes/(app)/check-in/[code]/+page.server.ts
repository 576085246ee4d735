import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isCheckInCode, normalizeCheckInCode } from '$lib/domain/checkIn';
import { calendarDayInZone } from '$lib/domain/time';
import { refused } from '$lib/server/forms/errorMessages';
import { readForm } from '$lib/server/forms/parse';
import { getDb } from '$lib/server/db';
import { can } from '$lib/server/policies';
import { checkIn } from '$lib/server/commands/checkIn';
import { getConference } from '$lib/server/queries/conferences';
import { findSessionByCheckInCode, findAttendance } from '$lib/server/queries/plenary';

/**
 * Where the session's QR code leads. Opening it only shows what you would check in to (a link
 * preview or a scanner must not count anyone present); one button does it.
 */
export const load: PageServerLoad = ({ locals, params }) => {
	const db = getDb();
	const code = normalizeCheckInCode(params.code);
	const session = isCheckInCode(code) ? findSessionByCheckInCode(db, code) : undefined;
	if (!session) error(404, { message: 'not_found' });
	const subject = { conferenceId: session.conferenceId, sessionId: session.id };
	if (!can(locals.actor, 'attendance.checkIn', subject)) error(403, { message: 'forbidden' });
	const conference = getConference(db, session.conferenceId);
	return {
		session: { id: session.id, title: session.title, startsAt: session.startsAt, place: session.place, conferenceId: session.conferenceId },
		conferenceName: conference?.name ?? '',
		alreadyPresent: locals.person ? findAttendance(db, session.id, locals.person.id) !== undefined : false,
		open: calendarDayInZone(new Date()) === calendarDayInZone(session.startsAt)
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const form = await readForm(request);
		let target: string;
		try {
			const { session } = checkIn(getDb(), locals.actor, { code: params.code, method: 'qr' });
			target = `/conferences/${session.conferenceId}/plenary/${session.id}?checkedIn`;
		} catch (error) {
			return refused(error, form);
		}
		redirect(303, target);
	}
};
