import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { meetingAttendance } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, meetingSubject, type Actor } from '../policies';
import type { MeetingAttendanceInput } from './markMeetingPresent';
import { cancelClaimOnAttendanceIn } from '../allowances/cancelOnAttendance';
import { transact } from '../effects';
import { CommandError } from './support/errors';
import { findMeetingAttendance, requireMeeting } from './support/meetings';

/**
 * A mark made in error is taken back; the change log keeps what it was. A claim for an allowance
 * resting on it is cancelled with it, or, once paid, the removal is refused.
 */
export function removeMeetingAttendance(db: Db, actor: Actor, input: MeetingAttendanceInput) {
	transact(db, (tx, effects) => {
		const meeting = requireMeeting(tx, input.conferenceId, input.groupId, input.meetingId);
		authorize(actor, 'meetingAttendance.record', meetingSubject(input.conferenceId, meeting));
		const existing = findMeetingAttendance(tx, meeting.id, input.personId);
		if (!existing) throw new CommandError('not_present', 'personId');
		cancelClaimOnAttendanceIn(tx, effects, actor, {
			conferenceId: input.conferenceId,
			personId: existing.personId,
			meeting: { groupMeetingId: meeting.id },
			origin: input.origin,
			now: input.now ?? new Date()
		});
		tx.delete(meetingAttendance).where(eq(meetingAttendance.id, existing.id)).run();
		recordAudit(tx, actor, {
			action: 'meetingAttendance.remove',
			conferenceId: input.conferenceId,
			subjectType: 'meeting',
			subjectId: meeting.id,
			before: { personId: existing.personId, recordedAt: existing.recordedAt.toISOString() }
		});
	});
}
