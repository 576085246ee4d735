import { and, asc, desc, eq, gt } from 'drizzle-orm';
import { outcomeLabel } from '$lib/i18n/labels';
import { clipSummary, notUsed, type SuggestionSource } from './types';

/** What the plenary decided: the motion and its outcome. Sittings have no public page; the link goes to the sitting in the product. */
export const resolutionSuggestions: SuggestionSource = {
	kind: 'resolution',
	list: async (data, q) => {
		const { plenarySessions, resolutions } = data.t;
		const rows = await data.q
			.select({
				id: resolutions.id,
				itemTitle: resolutions.itemTitle,
				motion: resolutions.motion,
				outcome: resolutions.outcome,
				decidedAt: resolutions.decidedAt,
				sessionId: plenarySessions.id
			})
			.from(resolutions)
			.innerJoin(plenarySessions, eq(plenarySessions.id, resolutions.sessionId))
			.where(
				and(
					eq(plenarySessions.conferenceId, q.conferenceId),
					gt(resolutions.decidedAt, q.since),
					q.id ? eq(resolutions.id, q.id) : undefined,
					notUsed(q.conferenceId, 'resolution', resolutions.id)
				)
			)
			.orderBy(desc(resolutions.decidedAt), asc(resolutions.id))
			.limit(q.limit);
		return rows.map((row) => ({
			sourceKind: 'resolution' as const,
			sourceId: row.id,
			title: row.itemTitle,
			summary: clipSummary(`${row.motion} (${outcomeLabel[row.outcome]()})`),
			date: row.decidedAt,
			href: `/conferences/${q.conferenceId}/plenary/${row.sessionId}`
		}));
	}
};
