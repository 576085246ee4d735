import { eq } from 'drizzle-orm';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, meetingSubject, type Actor } from '../policies';
import { auditedMeeting, checkMeeting, requireMeetingOn, type MeetingInput } from './support/meetings';

/** Details, agenda and this meeting's moderator and minute-taker change; the log keeps both sides. */
export async function updateGroupMeeting(data: Data, actor: Actor, input: MeetingInput & { conferenceId: string; groupId: string; meetingId: string }) {
	const { conferenceId, groupId, meetingId, ...fields } = input;
	const { groupMeetings } = data.t;
	return data.transaction(async (tx) => {
		const before = await requireMeetingOn(data, conferenceId, groupId, meetingId, tx);
		authorize(actor, 'meeting.update', meetingSubject(conferenceId, before));
		await checkMeeting(data, tx, groupId, fields);
		const [meeting] = await tx
			.update(groupMeetings)
			.set({ ...fields, updatedAt: new Date() })
			.where(eq(groupMeetings.id, meetingId))
			.returning();
		await recordAuditIn(data, tx, actor, {
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
