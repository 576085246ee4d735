import { and, asc, eq, gt, lte } from 'drizzle-orm';
import { formatDateTime } from '$lib/i18n/labels';
import { notUsed, UPCOMING_DAYS, type SuggestionSource } from './types';
import { ISSUE_LANGUAGE } from '../issueLanguage';

/** Working-group meetings in the coming weeks, soonest first: when and where, so readers can come. */
export const meetingSuggestions: SuggestionSource = {
	kind: 'meeting',
	list: async (data, q) => {
		const { groupMeetings, workingGroups } = data.t;
		const rows = await data.q
			.select({
				id: groupMeetings.id,
				title: groupMeetings.title,
				startsAt: groupMeetings.startsAt,
				place: groupMeetings.place,
				groupId: workingGroups.id,
				groupName: workingGroups.name
			})
			.from(groupMeetings)
			.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
			.where(
				and(
					eq(workingGroups.conferenceId, q.conferenceId),
					gt(groupMeetings.startsAt, q.now),
					lte(groupMeetings.startsAt, new Date(q.now.getTime() + UPCOMING_DAYS * 86_400_000)),
					q.id ? eq(groupMeetings.id, q.id) : undefined,
					notUsed(q.conferenceId, 'meeting', groupMeetings.id)
				)
			)
			.orderBy(asc(groupMeetings.startsAt), asc(groupMeetings.id))
			.limit(q.limit);
		return rows.map((row) => ({
			sourceKind: 'meeting' as const,
			sourceId: row.id,
			title: `${row.title} (${row.groupName})`,
			summary: [formatDateTime(row.startsAt, ISSUE_LANGUAGE.locale), row.place].filter(Boolean).join(', '),
			date: row.startsAt,
			href: `/conferences/${q.conferenceId}/groups/${row.groupId}/meetings/${row.id}`
		}));
	}
};
