import type { Db } from '../db';
import { groupMeetings } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { requireGroup } from './support/guards';
import { auditedMeeting, checkMeeting, type MeetingInput } from './support/meetings';

/** The coordination (or the office) plans a meeting of the group. */
export function createGroupMeeting(db: Db, actor: Actor, input: MeetingInput & { conferenceId: string; groupId: string }) {
	const { conferenceId, groupId, ...fields } = input;
	authorize(actor, 'meeting.create', { conferenceId, groupId });
	return db.transaction((tx) => {
		requireGroup(tx, conferenceId, groupId);
		checkMeeting(tx, groupId, fields);
		const meeting = tx
			.insert(groupMeetings)
			.values({ groupId, ...fields })
			.returning()
			.get();
		recordAudit(tx, actor, { action: 'meeting.create', conferenceId, subjectType: 'meeting', subjectId: meeting.id, after: auditedMeeting(meeting) });
		return meeting;
	});
}
