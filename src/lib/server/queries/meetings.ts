import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { sqliteData } from '../db/client';
import { groupMeetings, meetingAttendance, people } from '../db/schema';
import { listGroupMembers } from './groups';
import type { MinutesStatus } from '../../minutes/lifecycle';

/** A group's meetings, the latest first, with how many were recorded present. */
export function listGroupMeetings(db: Db, groupId: string) {
	return db
		.select({
			id: groupMeetings.id,
			title: groupMeetings.title,
			startsAt: groupMeetings.startsAt,
			place: groupMeetings.place,
			videoUrl: groupMeetings.videoUrl,
			present: sql<number>`(select count(*) from meeting_attendance ma where ma.meeting_id = group_meetings.id)`,
			/** null: nobody has sent the minutes round yet (a draft, or nothing written). */
			minutesStatus: sql<MinutesStatus | null>`(select mm.status from meeting_minutes mm where mm.meeting_id = group_meetings.id)`
		})
		.from(groupMeetings)
		.where(eq(groupMeetings.groupId, groupId))
		.orderBy(desc(groupMeetings.startsAt))
		.all();
}

/** A meeting with the names of this time's moderator and minute-taker. */
export function getGroupMeeting(db: Db, groupId: string, meetingId: string) {
	const meeting = db
		.select()
		.from(groupMeetings)
		.where(and(eq(groupMeetings.id, meetingId), eq(groupMeetings.groupId, groupId)))
		.get();
	if (!meeting) return undefined;
	const nameOf = (personId: string | null) =>
		personId ? (db.select({ name: people.displayName }).from(people).where(eq(people.id, personId)).get()?.name ?? null) : null;
	return { ...meeting, moderatorName: nameOf(meeting.moderatorPersonId), minuteTakerName: nameOf(meeting.minuteTakerPersonId) };
}

/** Everyone of the group once (whatever roles they hold), and whether they were recorded present. */
export async function meetingAttendanceList(db: Db, groupId: string, meetingId: string) {
	const present = new Map(
		db
			.select({ personId: meetingAttendance.personId, recordedAt: meetingAttendance.recordedAt })
			.from(meetingAttendance)
			.where(eq(meetingAttendance.meetingId, meetingId))
			.orderBy(asc(meetingAttendance.recordedAt))
			.all()
			.map((row) => [row.personId, row.recordedAt])
	);
	const people = new Map<string, { personId: string; displayName: string; organisation: string | null }>();
	// Still on the synchronous layer; the queries already moved run on its connection's data handle.
	for (const member of await listGroupMembers(sqliteData(db.$client), groupId)) people.set(member.personId, member);
	return [...people.values()].map((person) => ({ ...person, recordedAt: present.get(person.personId) ?? null }));
}
