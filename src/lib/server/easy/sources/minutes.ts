import { and, asc, desc, eq } from 'drizzle-orm';
import { groupMeetings, meetingMinutes, minutesVersions, workingGroups } from '../../db/schema';
import type { Db } from '../../db';
import { joinText } from '../../../easy/standardTexts';
import { since, type EasySource, type EasySubject } from './types';

const columns = {
	meetingId: groupMeetings.id,
	groupId: groupMeetings.groupId,
	title: groupMeetings.title,
	startsAt: groupMeetings.startsAt,
	groupName: workingGroups.name,
	conferenceId: workingGroups.conferenceId
};

function approvedMeetings(db: Db, conferenceId: string, extra?: ReturnType<typeof eq>) {
	return db
		.select(columns)
		.from(meetingMinutes)
		.innerJoin(groupMeetings, eq(groupMeetings.id, meetingMinutes.meetingId))
		.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
		.where(and(eq(workingGroups.conferenceId, conferenceId), eq(meetingMinutes.status, 'approved'), extra))
		.orderBy(asc(groupMeetings.startsAt))
		.all();
}

function subject(db: Db, row: ReturnType<typeof approvedMeetings>[number]): EasySubject {
	// The record is the version stored at approval: the summary is written from what was approved.
	const record = db
		.select({ lines: minutesVersions.lines })
		.from(minutesVersions)
		.where(and(eq(minutesVersions.meetingId, row.meetingId), eq(minutesVersions.reason, 'approved')))
		.orderBy(desc(minutesVersions.number))
		.get();
	return {
		kind: 'minutes',
		subjectId: row.meetingId,
		conferenceId: row.conferenceId,
		groupId: row.groupId,
		title: row.title,
		context: row.groupName,
		when: row.startsAt,
		standardText: joinText(...(record?.lines ?? [])),
		startingPoint: null,
		href: `/conferences/${row.conferenceId}/groups/${row.groupId}/meetings/${row.meetingId}`
	};
}

/** A summary of approved minutes: drafts are not summarised for anyone outside the group. */
export const minutesTexts: EasySource = {
	kind: 'minutes',
	list: (db, conferenceId, now) =>
		approvedMeetings(db, conferenceId)
			.filter((row) => row.startsAt >= since(now))
			.map((row) => subject(db, row)),
	find: (db, conferenceId, subjectId) => {
		const row = approvedMeetings(db, conferenceId, eq(groupMeetings.id, subjectId))[0];
		return row ? subject(db, row) : null;
	}
};
