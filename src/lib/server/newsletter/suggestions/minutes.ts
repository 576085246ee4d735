import { and, asc, desc, eq, gt } from 'drizzle-orm';
import { minutesDoc } from '../../../collab/kinds/minutes';
import { readDecisions } from '../../../minutes/document';
import { readDocumentUnlessBrokenOn } from '../../collab/readDocument';
import { clipSummary, notUsed, type SuggestionSource } from './types';

/**
 * Minutes of working-group meetings approved since: summed up by their checked Leichte Sprache
 * version where the Prüfgruppe signed one off (written for everyone, so a good teaser), else by
 * the decisions recorded in them. Approved minutes are locked, so the document no longer moves.
 */
export const minutesSuggestions: SuggestionSource = {
	kind: 'minutes',
	list: async (data, q) => {
		const { easyTexts, groupMeetings, meetingMinutes, workingGroups } = data.t;
		const rows = await data.q
			.select({
				meetingId: groupMeetings.id,
				title: groupMeetings.title,
				groupId: workingGroups.id,
				groupName: workingGroups.name,
				approvedAt: meetingMinutes.approvedAt,
				easyBody: easyTexts.body
			})
			.from(meetingMinutes)
			.innerJoin(groupMeetings, eq(groupMeetings.id, meetingMinutes.meetingId))
			.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
			.leftJoin(easyTexts, and(eq(easyTexts.kind, 'minutes'), eq(easyTexts.subjectId, groupMeetings.id), eq(easyTexts.status, 'checked')))
			.where(
				and(
					eq(workingGroups.conferenceId, q.conferenceId),
					eq(meetingMinutes.status, 'approved'),
					gt(meetingMinutes.approvedAt, q.since),
					q.id ? eq(groupMeetings.id, q.id) : undefined,
					notUsed(q.conferenceId, 'minutes', groupMeetings.id)
				)
			)
			.orderBy(desc(meetingMinutes.approvedAt), asc(groupMeetings.id))
			.limit(q.limit);
		const suggestions = [];
		// One after another: at most `limit` documents, each read only where no easy summary exists.
		for (const row of rows) {
			const summary = row.easyBody ?? ((await readDocumentUnlessBrokenOn(data, minutesDoc(row.meetingId), readDecisions)) ?? []).map((d) => d.text).join(' · ');
			suggestions.push({
				sourceKind: 'minutes' as const,
				sourceId: row.meetingId,
				title: `${row.title} (${row.groupName})`,
				summary: clipSummary(summary),
				// Approved rows always carry the date (a check constraint says so).
				date: row.approvedAt ?? q.now,
				href: `/conferences/${q.conferenceId}/groups/${row.groupId}/meetings/${row.meetingId}#minutes`
			});
		}
		return suggestions;
	}
};
