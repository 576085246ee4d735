import { and, eq, gte, lt } from 'drizzle-orm';
import { wallClockInZone } from '../../domain/time';
import type { Data, Query } from '../db/client';
import type { ClaimMeeting } from './draftClaim';

/**
 * The meetings of a conference a person attended in one calendar year (Berlin time, as claims
 * and limits count): plenary sittings they checked in to and group meetings where they were
 * marked present. What a claim can rest on, in the order they took place.
 */
export async function attendedMeetingsOf(
	data: Data,
	input: { conferenceId: string; personId: string; year: number },
	tx: Query = data.q
): Promise<ClaimMeeting[]> {
	const { attendance, groupMeetings, meetingAttendance, plenarySessions, workingGroups } = data.t;
	const from = wallClockInZone(input.year, 1, 1, 0, 0);
	const until = wallClockInZone(input.year + 1, 1, 1, 0, 0);
	const sittings = await tx
		.select({ sessionId: plenarySessions.id, startsAt: plenarySessions.startsAt })
		.from(attendance)
		.innerJoin(plenarySessions, eq(plenarySessions.id, attendance.sessionId))
		.where(
			and(
				eq(attendance.personId, input.personId),
				eq(plenarySessions.conferenceId, input.conferenceId),
				gte(plenarySessions.startsAt, from),
				lt(plenarySessions.startsAt, until)
			)
		);
	const meetings = await tx
		.select({ groupMeetingId: groupMeetings.id, startsAt: groupMeetings.startsAt })
		.from(meetingAttendance)
		.innerJoin(groupMeetings, eq(groupMeetings.id, meetingAttendance.meetingId))
		.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
		.where(
			and(
				eq(meetingAttendance.personId, input.personId),
				eq(workingGroups.conferenceId, input.conferenceId),
				gte(groupMeetings.startsAt, from),
				lt(groupMeetings.startsAt, until)
			)
		);
	return [
		...sittings.map((s) => ({ meeting: { sessionId: s.sessionId } as ClaimMeeting, at: s.startsAt.getTime() })),
		...meetings.map((g) => ({ meeting: { groupMeetingId: g.groupMeetingId } as ClaimMeeting, at: g.startsAt.getTime() }))
	]
		.sort((a, b) => a.at - b.at)
		.map((x) => x.meeting);
}
