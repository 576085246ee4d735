import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import { type Data, first } from '../db/client';

/** Plenary sessions of the given conferences from an instant on, the earliest first. */
export async function plenarySessionsFrom(data: Data, conferenceIds: string[], from: Date) {
	const { plenarySessions } = data.t;
	if (conferenceIds.length === 0) return [];
	return await data.q
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
		// Ties broken by id: one order on both databases (PostgreSQL promises none among equals).
		.orderBy(asc(plenarySessions.startsAt), asc(plenarySessions.id));
}

/** Meetings of the given working groups from an instant on, with their group, the earliest first. */
export async function groupMeetingsFrom(data: Data, groupIds: string[], from: Date) {
	const { groupMeetings, workingGroups } = data.t;
	if (groupIds.length === 0) return [];
	return await data.q
		.select({ meeting: groupMeetings, groupName: workingGroups.name, conferenceId: workingGroups.conferenceId })
		.from(groupMeetings)
		.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
		.where(and(inArray(groupMeetings.groupId, groupIds), gte(groupMeetings.startsAt, from)))
		// Meetings at the same hour by their group's name: one order on both databases.
		.orderBy(asc(groupMeetings.startsAt), asc(workingGroups.name), asc(groupMeetings.id));
}

/** A meeting by its id alone, with its group and conference, for pages not under a group (the easy pages). */
export async function findGroupMeeting(data: Data, meetingId: string) {
	const { groupMeetings, workingGroups } = data.t;
	return first(
		await data.q
			.select({ groupId: groupMeetings.groupId, conferenceId: workingGroups.conferenceId, groupName: workingGroups.name })
			.from(groupMeetings)
			.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
			.where(eq(groupMeetings.id, meetingId))
	);
}
