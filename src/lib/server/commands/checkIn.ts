import { eq } from 'drizzle-orm';
import { isCheckInCode, normalizeCheckInCode } from '../../domain/checkIn';
import { calendarDayInZone } from '../../domain/time';
import { recordAuditIn } from '../audit/record';
import { findAttendanceOn } from '../queries/plenary';
import { can, type Actor } from '../policies';
import { scheduleClaimDraftingOn } from '../allowances/scheduleDrafting';
import { CommandError } from './support/errors';
import { transactOn } from '../effects';
import { type Data, first } from '../db/client';
import { violatesUniqueIndex } from '../db/uniqueViolation';

/**
 * A person checks themselves in with the session's code, typed or scanned, on the day of the
 * session. Checking in twice changes nothing: the first time counts.
 */
export async function checkIn(data: Data, actor: Actor, input: { code: string; method: 'code' | 'qr'; sessionId?: string; now?: Date; origin?: string }) {
	const { attendance, plenarySessions } = data.t;
	const code = normalizeCheckInCode(input.code);
	if (!isCheckInCode(code)) throw new CommandError('check_in_code_unknown', 'code');
	const session = first(await data.q.select().from(plenarySessions).where(eq(plenarySessions.checkInCode, code)));
	// On a session's own page, a code of another session is as good as a wrong one; and a code
	// of a session the person may not check in to answers as if it did not exist, so trying
	// codes tells nobody which ones are in use.
	if (
		!session ||
		(input.sessionId && input.sessionId !== session.id) ||
		!can(actor, 'attendance.checkIn', { conferenceId: session.conferenceId, sessionId: session.id })
	) {
		throw new CommandError('check_in_code_unknown', 'code');
	}
	// Attendance is what allowances are paid on: a code seen last time does not count today.
	const now = input.now ?? new Date();
	if (calendarDayInZone(now) !== calendarDayInZone(session.startsAt)) throw new CommandError('check_in_closed', 'code');
	const personId = actor.personId as string;
	return await transactOn(data, async (tx, effects) => {
		const existing = await findAttendanceOn(data, session.id, personId, tx);
		if (existing) return { session, attendance: existing, alreadyPresent: true };
		// Attendance is a key (`attendance_session_person`): of two check-ins at once on PostgreSQL the
		// second one's insert fails. In a savepoint, so the transaction goes on and reads the winner.
		const row = await data
			.transaction(async (savepoint) =>
				first(await savepoint.insert(attendance).values({ sessionId: session.id, personId, checkedInAt: now, method: input.method }).returning())
			)
			.catch((error: unknown) => {
				if (violatesUniqueIndex(error, { name: 'attendance_session_person', columns: [attendance.sessionId, attendance.personId] })) return undefined;
				throw error;
			});
		if (!row) {
			const winner = await findAttendanceOn(data, session.id, personId, tx);
			if (!winner) throw new Error('checkIn: attendance refused as taken, but not found');
			return { session, attendance: winner, alreadyPresent: true };
		}
		await recordAuditIn(data, tx, actor, {
			action: 'attendance.checkIn',
			conferenceId: session.conferenceId,
			subjectType: 'plenary',
			subjectId: session.id,
			after: { personId, method: row.method }
		});
		effects.attendanceChanged({ sessionId: session.id });
		await scheduleClaimDraftingOn(effects, {
			conferenceId: session.conferenceId,
			meeting: { sessionId: session.id },
			startsAt: session.startsAt,
			durationMinutes: null,
			origin: input.origin,
			now
		});
		return { session, attendance: row, alreadyPresent: false };
	});
}
