import { eq } from 'drizzle-orm';
import { isCheckInCode, normalizeCheckInCode } from '../../domain/checkIn';
import { calendarDayInZone } from '../../domain/time';
import type { Db } from '../db';
import { attendance, plenarySessions } from '../db/schema';
import { recordAudit } from '../audit/record';
import { findAttendance } from '../queries/plenary';
import { can, type Actor } from '../policies';
import { transact } from '../effects';
import { scheduleClaimDrafting } from '../allowances/scheduleDrafting';
import { CommandError } from './support/errors';

/**
 * A person checks themselves in with the session's code, typed or scanned, on the day of the
 * session. Checking in twice changes nothing: the first time counts.
 */
export function checkIn(db: Db, actor: Actor, input: { code: string; method: 'code' | 'qr'; sessionId?: string; now?: Date; origin?: string }) {
	const code = normalizeCheckInCode(input.code);
	if (!isCheckInCode(code)) throw new CommandError('check_in_code_unknown', 'code');
	const session = db.select().from(plenarySessions).where(eq(plenarySessions.checkInCode, code)).get();
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
	return transact(db, (tx, effects) => {
		const existing = findAttendance(tx, session.id, personId);
		if (existing) return { session, attendance: existing, alreadyPresent: true };
		const row = tx.insert(attendance).values({ sessionId: session.id, personId, checkedInAt: now, method: input.method }).returning().get();
		recordAudit(tx, actor, {
			action: 'attendance.checkIn',
			conferenceId: session.conferenceId,
			subjectType: 'plenary',
			subjectId: session.id,
			after: { personId, method: row.method }
		});
		effects.attendanceChanged({ sessionId: session.id });
		scheduleClaimDrafting(effects, {
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
