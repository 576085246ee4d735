import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import type { Data } from '../../db/client';
import { joinText } from '../../../easy/standardTexts';
import { since, type EasySource, type EasySubject } from './types';

interface Row {
	meetingId: string;
	groupId: string;
	title: string;
	startsAt: Date;
	groupName: string;
	conferenceId: string;
}

async function approvedMeetings(data: Data, conferenceId: string, meetingId?: string): Promise<Row[]> {
	const { groupMeetings, meetingMinutes, workingGroups } = data.t;
	const extra: SQL | undefined = meetingId === undefined ? undefined : eq(groupMeetings.id, meetingId);
	return await data.q
		.select({
			meetingId: groupMeetings.id,
			groupId: groupMeetings.groupId,
			title: groupMeetings.title,
			startsAt: groupMeetings.startsAt,
			groupName: workingGroups.name,
			conferenceId: workingGroups.conferenceId
		})
		.from(meetingMinutes)
		.innerJoin(groupMeetings, eq(groupMeetings.id, meetingMinutes.meetingId))
		.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
		.where(and(eq(workingGroups.conferenceId, conferenceId), eq(meetingMinutes.status, 'approved'), extra))
		.orderBy(asc(groupMeetings.startsAt), asc(groupMeetings.id));
}

async function subject(data: Data, row: Row): Promise<EasySubject> {
	const { minutesVersions } = data.t;
	// The record is the version stored at approval: the summary is written from what was approved.
	const [record] = await data.q
		.select({ lines: minutesVersions.lines })
		.from(minutesVersions)
		.where(and(eq(minutesVersions.meetingId, row.meetingId), eq(minutesVersions.reason, 'approved')))
		.orderBy(desc(minutesVersions.number))
		.limit(1);
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
	list: async (data, conferenceId, now) => {
		const subjects: EasySubject[] = [];
		for (const row of await approvedMeetings(data, conferenceId)) if (row.startsAt >= since(now)) subjects.push(await subject(data, row));
		return subjects;
	},
	find: async (data, conferenceId, subjectId) => {
		const row = (await approvedMeetings(data, conferenceId, subjectId))[0];
		return row ? await subject(data, row) : null;
	}
};
