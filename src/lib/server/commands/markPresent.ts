import { recordAuditIn } from '../audit/record';
import { findAttendanceOn } from '../queries/plenary';
import { authorize, type Actor } from '../policies';
import { scheduleClaimDraftingOn } from '../allowances/scheduleDrafting';
import { CommandError } from './support/errors';
import { requireConferencePersonOn, requirePlenarySessionOn } from './support/guards';
import { transactOn } from '../effects';
import { first, type Data } from '../db/client';
import { violatesUniqueIndex } from '../db/uniqueViolation';

export interface AttendanceInput {
	conferenceId: string;
	sessionId: string;
	personId: string;
}

/** The office marks someone present (they came without a phone, or the code did not work). */
export async function markPresent(data: Data, actor: Actor, input: AttendanceInput & { now?: Date; origin?: string }) {
	const { attendance } = data.t;
	authorize(actor, 'attendance.record', { conferenceId: input.conferenceId, sessionId: input.sessionId });
	return await transactOn(data, async (tx, effects) => {
		const session = await requirePlenarySessionOn(data, input.conferenceId, input.sessionId, tx);
		await requireConferencePersonOn(data, input.conferenceId, input.personId, 'personId', tx);
		const existing = await findAttendanceOn(data, input.sessionId, input.personId, tx);
		if (existing) throw new CommandError('already_present', 'personId');
		const now = input.now ?? new Date();
		const row = first(
			await tx
				.insert(attendance)
				.values({
					sessionId: input.sessionId,
					personId: input.personId,
					checkedInAt: now,
					method: 'office',
					recordedByPersonId: actor.personId
				})
				.returning()
				.catch((error: unknown) => {
					// Attendance is a key: a check-in committed since the check above is refused as that check does.
					if (violatesUniqueIndex(error, { name: 'attendance_session_person', columns: [attendance.sessionId, attendance.personId] }))
						throw new CommandError('already_present', 'personId');
					throw error;
				})
		)!;
		await recordAuditIn(data, tx, actor, {
			action: 'attendance.record',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: input.sessionId,
			after: { personId: input.personId, method: 'office' }
		});
		effects.attendanceChanged({ sessionId: input.sessionId });
		await scheduleClaimDraftingOn(effects, {
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
