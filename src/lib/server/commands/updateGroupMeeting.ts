import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { groupMeetings } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, meetingSubject, type Actor } from '../policies';
import { auditedMeeting, checkMeeting, requireMeeting, type MeetingInput } from './support/meetings';

/** Details, agenda and this meeting's moderator and minute-taker change; the log keeps both sides. */
export function updateGroupMeeting(db: Db, actor: Actor, input: MeetingInput & { conferenceId: string; groupId: string; meetingId: string }) {
	const { conferenceId, groupId, meetingId, ...fields } = input;
	return db.transaction((tx) => {
		const before = requireMeeting(tx, conferenceId, groupId, meetingId);
		authorize(actor, 'meeting.update', meetingSubject(conferenceId, before));
		checkMeeting(tx, groupId, fields);
		const meeting = tx
			.update(groupMeetings)
			.set({ ...fields, updatedAt: new Date() })
			.where(eq(groupMeetings.id, meetingId))
			.returning()
			.get();
		recordAudit(tx, actor, {
			action: 'meeting.update',
			conferenceId,
			subjectType: 'meeting',
			subjectId: meetingId,
			before: auditedMeeting(before),
			after: auditedMeeting(meeting)
		});
		return meeting;
	});
}
