import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { meetingAttendance } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, meetingSubject, type Actor } from '../policies';
import type { MeetingAttendanceInput } from './markMeetingPresent';
import { CommandError } from './support/errors';
import { findMeetingAttendance, requireMeeting } from './support/meetings';

/** A mark made in error is taken back; the change log keeps what it was. */
export function removeMeetingAttendance(db: Db, actor: Actor, input: MeetingAttendanceInput) {
	db.transaction((tx) => {
		const meeting = requireMeeting(tx, input.conferenceId, input.groupId, input.meetingId);
		authorize(actor, 'meetingAttendance.record', meetingSubject(input.conferenceId, meeting));
		const existing = findMeetingAttendance(tx, meeting.id, input.personId);
		if (!existing) throw new CommandError('not_present', 'personId');
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
