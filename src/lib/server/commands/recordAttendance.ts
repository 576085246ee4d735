import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { attendance } from '../db/schema';
import { recordAudit } from '../audit/record';
import { findAttendance } from '../queries/plenary';
import { authorize, type Actor } from '../policies';
import { attendanceChanged } from '../polls/projectPoll';
import { CommandError } from './errors';
import { requireConferencePerson, requirePlenarySession } from './guards';

interface AttendanceInput {
	conferenceId: string;
	sessionId: string;
	personId: string;
}

/** The office marks someone present (they came without a phone, or the code did not work). */
export function markPresent(db: Db, actor: Actor, input: AttendanceInput & { now?: Date }) {
	authorize(actor, 'attendance.record', { conferenceId: input.conferenceId, sessionId: input.sessionId });
	const row = db.transaction((tx) => {
		requirePlenarySession(tx, input.conferenceId, input.sessionId);
		requireConferencePerson(tx, input.conferenceId, input.personId, 'personId');
		const existing = findAttendance(tx, input.sessionId, input.personId);
		if (existing) throw new CommandError('already_present', 'personId');
		const row = tx
			.insert(attendance)
			.values({
				sessionId: input.sessionId,
				personId: input.personId,
				checkedInAt: input.now ?? new Date(),
				method: 'office',
				recordedByPersonId: actor.personId
			})
			.returning()
			.get();
		recordAudit(tx, actor, {
			action: 'attendance.record',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: input.sessionId,
			after: { personId: input.personId, method: 'office' }
		});
		return row;
	});
	attendanceChanged(db, input.sessionId);
	return row;
}

/** The office takes back a check-in made in error; the change log keeps what it was. */
export function removeAttendance(db: Db, actor: Actor, input: AttendanceInput) {
	authorize(actor, 'attendance.record', { conferenceId: input.conferenceId, sessionId: input.sessionId });
	db.transaction((tx) => {
		requirePlenarySession(tx, input.conferenceId, input.sessionId);
		const existing = findAttendance(tx, input.sessionId, input.personId);
		if (!existing) throw new CommandError('not_present', 'personId');
		tx.delete(attendance).where(eq(attendance.id, existing.id)).run();
		recordAudit(tx, actor, {
			action: 'attendance.remove',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: input.sessionId,
			before: { personId: existing.personId, method: existing.method, checkedInAt: existing.checkedInAt.toISOString() }
		});
	});
	attendanceChanged(db, input.sessionId);
}
