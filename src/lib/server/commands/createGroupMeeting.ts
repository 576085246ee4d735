import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { requireGroupOn } from './support/guards';
import { auditedMeeting, checkMeeting, type MeetingInput } from './support/meetings';

/** The coordination (or the office) plans a meeting of the group. */
export async function createGroupMeeting(data: Data, actor: Actor, input: MeetingInput & { conferenceId: string; groupId: string }) {
	const { conferenceId, groupId, ...fields } = input;
	authorize(actor, 'meeting.create', { conferenceId, groupId });
	const { groupMeetings } = data.t;
	return data.transaction(async (tx) => {
		await requireGroupOn(data, conferenceId, groupId, tx);
		await checkMeeting(data, tx, groupId, fields);
		const [meeting] = await tx
			.insert(groupMeetings)
			.values({ groupId, ...fields })
			.returning();
		await recordAuditIn(data, tx, actor, {
			action: 'meeting.create',
			conferenceId,
			subjectType: 'meeting',
			subjectId: meeting.id,
			after: auditedMeeting(meeting)
		});
		return meeting;
	});
}
