import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { attendance } from '../db/schema';
import { recordAudit } from '../audit/record';
import { findAttendance } from '../queries/plenary';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import type { AttendanceInput } from './markPresent';
import { cancelClaimOnAttendanceIn } from '../allowances/cancelOnAttendance';
import { CommandError } from './support/errors';
import { requirePlenarySession } from './support/guards';

/**
 * The office takes back a check-in made in error; the change log keeps what it was. A claim for
 * an allowance resting on it is cancelled with it, or, once paid, the removal is refused.
 */
export function removeAttendance(db: Db, actor: Actor, input: AttendanceInput & { origin?: string; now?: Date }) {
	authorize(actor, 'attendance.record', { conferenceId: input.conferenceId, sessionId: input.sessionId });
	transact(db, (tx, effects) => {
		requirePlenarySession(tx, input.conferenceId, input.sessionId);
		const existing = findAttendance(tx, input.sessionId, input.personId);
		if (!existing) throw new CommandError('not_present', 'personId');
		const now = input.now ?? new Date();
		cancelClaimOnAttendanceIn(tx, effects, actor, {
			conferenceId: input.conferenceId,
			personId: existing.personId,
			meeting: { sessionId: input.sessionId },
			origin: input.origin,
			now
		});
		tx.delete(attendance).where(eq(attendance.id, existing.id)).run();
		recordAudit(tx, actor, {
			action: 'attendance.remove',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: input.sessionId,
			before: { personId: existing.personId, method: existing.method, checkedInAt: existing.checkedInAt.toISOString() }
		});
		effects.attendanceChanged({ sessionId: input.sessionId });
	});
}
