import { and, eq } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { violatesUniqueIndex } from '../db/uniqueViolation';
import { recordAuditIn } from '../audit/record';
import { authorize, meetingSubject, type Actor } from '../policies';
import { scheduleClaimDraftingOn } from '../allowances/scheduleDrafting';
import { transactOn } from '../effects/transactOn';
import { CommandError } from './support/errors';
import { findMeetingAttendance, requireMeetingOn } from './support/meetings';

export interface MeetingAttendanceInput {
	conferenceId: string;
	groupId: string;
	meetingId: string;
	personId: string;
	now?: Date;
	/** Where the links of the mails that follow point (the claims drafted after the meeting). */
	origin?: string;
}

/**
 * Someone of the group was at the meeting: recorded once, by whoever keeps the list. Once is a key
 * (README, "Rules that span rows"): of two marks at once on PostgreSQL, both may find nobody
 * marked; the unique index `meeting_attendance_meeting_person` refuses the second as `already_present`.
 */
export async function markMeetingPresent(data: Data, actor: Actor, input: MeetingAttendanceInput) {
	const { groupMemberships, meetingAttendance } = data.t;
	return transactOn(data, async (tx, effects) => {
		const meeting = await requireMeetingOn(data, input.conferenceId, input.groupId, input.meetingId, tx);
		authorize(actor, 'meetingAttendance.record', meetingSubject(input.conferenceId, meeting));
		const member = first(
			await tx
				.select({ id: groupMemberships.id })
				.from(groupMemberships)
				.where(and(eq(groupMemberships.groupId, input.groupId), eq(groupMemberships.personId, input.personId)))
		);
		if (!member) throw new CommandError('person_not_in_group', 'personId');
		if (await findMeetingAttendance(data, tx, meeting.id, input.personId)) throw new CommandError('already_present', 'personId');
		const now = input.now ?? new Date();
		const [row] = await tx
			.insert(meetingAttendance)
			.values({ meetingId: meeting.id, personId: input.personId, recordedAt: now, recordedByPersonId: actor.personId })
			.returning()
			.catch((error: unknown) => {
				if (violatesUniqueIndex(error, { name: 'meeting_attendance_meeting_person', columns: [meetingAttendance.meetingId, meetingAttendance.personId] }))
					throw new CommandError('already_present', 'personId');
				throw error;
			});
		await recordAuditIn(data, tx, actor, {
			action: 'meetingAttendance.record',
			conferenceId: input.conferenceId,
			subjectType: 'meeting',
			subjectId: meeting.id,
			after: { personId: input.personId }
		});
		await scheduleClaimDraftingOn(effects, {
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
