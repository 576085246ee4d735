import { and, asc, eq, gte } from 'drizzle-orm';
import { meetingText } from '../../../easy/standardTexts';
import type { Data } from '../../db/client';
import { since, type EasySource, type EasySubject } from './types';

const columns = ({ groupMeetings, workingGroups }: Data['t']) => ({
	id: groupMeetings.id,
	groupId: groupMeetings.groupId,
	title: groupMeetings.title,
	startsAt: groupMeetings.startsAt,
	place: groupMeetings.place,
	agenda: groupMeetings.agenda,
	groupName: workingGroups.name,
	conferenceId: workingGroups.conferenceId
});

interface Row {
	id: string;
	groupId: string;
	title: string;
	startsAt: Date;
	place: string | null;
	agenda: string[];
	groupName: string;
	conferenceId: string;
}

const subject = (row: Row): EasySubject => ({
	kind: 'group_meeting',
	subjectId: row.id,
	conferenceId: row.conferenceId,
	groupId: row.groupId,
	title: row.title,
	context: row.groupName,
	when: row.startsAt,
	standardText: meetingText(row),
	startingPoint: null,
	href: `/conferences/${row.conferenceId}/groups/${row.groupId}/meetings/${row.id}`
});

/** A working group's meeting: what it is about and what will be discussed. */
export const groupMeetingTexts: EasySource = {
	kind: 'group_meeting',
	list: async (data, conferenceId, now) => {
		const { groupMeetings, workingGroups } = data.t;
		const rows = await data.q
			.select(columns(data.t))
			.from(groupMeetings)
			.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
			.where(and(eq(workingGroups.conferenceId, conferenceId), gte(groupMeetings.startsAt, since(now))))
			.orderBy(asc(groupMeetings.startsAt), asc(groupMeetings.id));
		return rows.map(subject);
	},
	find: async (data, conferenceId, subjectId) => {
		const { groupMeetings, workingGroups } = data.t;
		const [row] = await data.q
			.select(columns(data.t))
			.from(groupMeetings)
			.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
			.where(and(eq(workingGroups.conferenceId, conferenceId), eq(groupMeetings.id, subjectId)));
		return row ? subject(row) : null;
	}
};
