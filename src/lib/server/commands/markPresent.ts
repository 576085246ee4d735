import type { Db } from '../db';
import { attendance } from '../db/schema';
import { recordAudit } from '../audit/record';
import { findAttendance } from '../queries/plenary';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { scheduleClaimDrafting } from '../allowances/scheduleDrafting';
import { CommandError } from './support/errors';
import { requireConferencePerson, requirePlenarySession } from './support/guards';

export interface AttendanceInput {
	conferenceId: string;
	sessionId: string;
	personId: string;
}

/** The office marks someone present (they came without a phone, or the code did not work). */
export function markPresent(db: Db, actor: Actor, input: AttendanceInput & { now?: Date; origin?: string }) {
	authorize(actor, 'attendance.record', { conferenceId: input.conferenceId, sessionId: input.sessionId });
	return transact(db, (tx, effects) => {
		const session = requirePlenarySession(tx, input.conferenceId, input.sessionId);
		requireConferencePerson(tx, input.conferenceId, input.personId, 'personId');
		const existing = findAttendance(tx, input.sessionId, input.personId);
		if (existing) throw new CommandError('already_present', 'personId');
		const now = input.now ?? new Date();
		const row = tx
			.insert(attendance)
			.values({
				sessionId: input.sessionId,
				personId: input.personId,
				checkedInAt: now,
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
		effects.attendanceChanged({ sessionId: input.sessionId });
		scheduleClaimDrafting(effects, {
			conferenceId: input.conferenceId,
			meeting: { sessionId: session.id },
			startsAt: session.startsAt,
			durationMinutes: null,
			origin: input.origin,
			now
		});
		return row;
	});
}
