import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { listGroupMembers } from './groups';
import type { MinutesStatus } from '../../minutes/lifecycle';
import { type Data, first } from '../db/client';

/** A group's meetings, the latest first, with how many were recorded present. */
export async function listGroupMeetings(data: Data, groupId: string) {
	const { groupMeetings } = data.t;
	return await data.q
		.select({
			id: groupMeetings.id,
			title: groupMeetings.title,
			startsAt: groupMeetings.startsAt,
			place: groupMeetings.place,
			videoUrl: groupMeetings.videoUrl,
			// A count is a bigint on PostgreSQL, which node-postgres gives as a string.
			present: sql<number>`(select count(*) from meeting_attendance ma where ma.meeting_id = group_meetings.id)`.mapWith(Number),
			/** null: nobody has sent the minutes round yet (a draft, or nothing written). */
			minutesStatus: sql<MinutesStatus | null>`(select mm.status from meeting_minutes mm where mm.meeting_id = group_meetings.id)`
		})
		.from(groupMeetings)
		.where(eq(groupMeetings.groupId, groupId))
		.orderBy(desc(groupMeetings.startsAt), asc(groupMeetings.id));
}

/** A meeting with the names of this time's moderator and minute-taker. */
export async function getGroupMeeting(data: Data, groupId: string, meetingId: string) {
	const { groupMeetings, people } = data.t;
	const meeting = first(
		await data.q
			.select()
			.from(groupMeetings)
			.where(and(eq(groupMeetings.id, meetingId), eq(groupMeetings.groupId, groupId)))
	);
	if (!meeting) return undefined;
	const nameOf = async (personId: string | null) =>
		personId ? (first(await data.q.select({ name: people.displayName }).from(people).where(eq(people.id, personId)))?.name ?? null) : null;
	return { ...meeting, moderatorName: await nameOf(meeting.moderatorPersonId), minuteTakerName: await nameOf(meeting.minuteTakerPersonId) };
}

/** Everyone of the group once (whatever roles they hold), and whether they were recorded present. */
export async function meetingAttendanceList(data: Data, groupId: string, meetingId: string) {
	const { meetingAttendance } = data.t;
	const present = new Map(
		(
			await data.q
				.select({ personId: meetingAttendance.personId, recordedAt: meetingAttendance.recordedAt })
				.from(meetingAttendance)
				.where(eq(meetingAttendance.meetingId, meetingId))
				.orderBy(asc(meetingAttendance.recordedAt), asc(meetingAttendance.personId))
		).map((row) => [row.personId, row.recordedAt])
	);
	const people = new Map<string, { personId: string; displayName: string; organisation: string | null }>();
	for (const member of await listGroupMembers(data, groupId)) people.set(member.personId, member);
	return [...people.values()].map((person) => ({ ...person, recordedAt: present.get(person.personId) ?? null }));
}
