import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import { implementationStateLabel } from '$lib/i18n/labels';
import { PUBLIC_STATUSES } from '../../../recommendations/status';
import { clipSummary, notUsed, type SuggestionSource } from './types';

/** Reports on how far an adopted recommendation has come: the state and the reporter's note. */
export const implementationReportSuggestions: SuggestionSource = {
	kind: 'implementation_report',
	list: async (data, q) => {
		const { recommendations, recommendationUpdates } = data.t;
		const rows = await data.q
			.select({
				id: recommendationUpdates.id,
				state: recommendationUpdates.state,
				note: recommendationUpdates.note,
				createdAt: recommendationUpdates.createdAt,
				recommendationId: recommendations.id,
				title: recommendations.title
			})
			.from(recommendationUpdates)
			.innerJoin(recommendations, eq(recommendations.id, recommendationUpdates.recommendationId))
			.where(
				and(
					eq(recommendations.conferenceId, q.conferenceId),
					inArray(recommendations.status, [...PUBLIC_STATUSES]),
					gt(recommendationUpdates.createdAt, q.since),
					q.id ? eq(recommendationUpdates.id, q.id) : undefined,
					notUsed(q.conferenceId, 'implementation_report', recommendationUpdates.id)
				)
			)
			.orderBy(desc(recommendationUpdates.createdAt), asc(recommendationUpdates.id))
			.limit(q.limit);
		return rows.map((row) => ({
			sourceKind: 'implementation_report' as const,
			sourceId: row.id,
			title: row.title,
			summary: clipSummary(`${implementationStateLabel[row.state]()}: ${row.note}`),
			date: row.createdAt,
			href: `/oeffentlich/${q.conferenceId}/empfehlungen/${row.recommendationId}`
		}));
	}
};
