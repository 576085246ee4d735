import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { groupMemberships, meetingAttendance } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, meetingSubject, type Actor } from '../policies';
import { scheduleClaimDrafting } from '../allowances/scheduleDrafting';
import { transact } from '../effects';
import { CommandError } from './support/errors';
import { findMeetingAttendance, requireMeeting } from './support/meetings';

export interface MeetingAttendanceInput {
	conferenceId: string;
	groupId: string;
	meetingId: string;
	personId: string;
	now?: Date;
	/** Where the links of the mails that follow point (the claims drafted after the meeting). */
	origin?: string;
}

/** Someone of the group was at the meeting: recorded once, by whoever keeps the list. */
export function markMeetingPresent(db: Db, actor: Actor, input: MeetingAttendanceInput) {
	return transact(db, (tx, effects) => {
		const meeting = requireMeeting(tx, input.conferenceId, input.groupId, input.meetingId);
		authorize(actor, 'meetingAttendance.record', meetingSubject(input.conferenceId, meeting));
		const member = tx
			.select({ id: groupMemberships.id })
			.from(groupMemberships)
			.where(and(eq(groupMemberships.groupId, input.groupId), eq(groupMemberships.personId, input.personId)))
			.get();
		if (!member) throw new CommandError('person_not_in_group', 'personId');
		if (findMeetingAttendance(tx, meeting.id, input.personId)) throw new CommandError('already_present', 'personId');
		const now = input.now ?? new Date();
		const row = tx
			.insert(meetingAttendance)
			.values({ meetingId: meeting.id, personId: input.personId, recordedAt: now, recordedByPersonId: actor.personId })
			.returning()
			.get();
		recordAudit(tx, actor, {
			action: 'meetingAttendance.record',
			conferenceId: input.conferenceId,
			subjectType: 'meeting',
			subjectId: meeting.id,
			after: { personId: input.personId }
		});
		scheduleClaimDrafting(effects, {
			conferenceId: input.conferenceId,
			meeting: { groupMeetingId: meeting.id },
			startsAt: meeting.startsAt,
			durationMinutes: meeting.durationMinutes,
			origin: input.origin,
			now
		});
		return row;
	});
}
