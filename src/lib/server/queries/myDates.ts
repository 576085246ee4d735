import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { groupMeetings, plenarySessions, workingGroups } from '../db/schema';

/** Plenary sessions of the given conferences from an instant on, the earliest first. */
export function plenarySessionsFrom(db: Db, conferenceIds: string[], from: Date) {
	if (conferenceIds.length === 0) return [];
	return db
		.select({
			id: plenarySessions.id,
			conferenceId: plenarySessions.conferenceId,
			title: plenarySessions.title,
			startsAt: plenarySessions.startsAt,
			place: plenarySessions.place,
			videoUrl: plenarySessions.videoUrl
		})
		.from(plenarySessions)
		.where(and(inArray(plenarySessions.conferenceId, conferenceIds), gte(plenarySessions.startsAt, from)))
		.orderBy(asc(plenarySessions.startsAt))
		.all();
}

/** Meetings of the given working groups from an instant on, with their group, the earliest first. */
export function groupMeetingsFrom(db: Db, groupIds: string[], from: Date) {
	if (groupIds.length === 0) return [];
	return db
		.select({ meeting: groupMeetings, groupName: workingGroups.name, conferenceId: workingGroups.conferenceId })
		.from(groupMeetings)
		.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
		.where(and(inArray(groupMeetings.groupId, groupIds), gte(groupMeetings.startsAt, from)))
		.orderBy(asc(groupMeetings.startsAt))
		.all();
}

/** A meeting by its id alone, with its group and conference, for pages not under a group (the easy pages). */
export function findGroupMeeting(db: Db, meetingId: string) {
	return db
		.select({ groupId: groupMeetings.groupId, conferenceId: workingGroups.conferenceId, groupName: workingGroups.name })
		.from(groupMeetings)
		.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
		.where(eq(groupMeetings.id, meetingId))
		.get();
}
