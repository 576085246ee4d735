import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { PUBLIC_STATUSES } from '../../../recommendations/status';
import { clipSummary, notUsed, type SuggestionSource } from './types';
import { ISSUE_LANGUAGE } from '../issueLanguage';

/**
 * Adopted recommendations, and what became of them after (forwarded to a body): one suggestion
 * per step, so a recommendation adopted in one issue is news again when it is forwarded. Only
 * those the public may read (adopted or forwarded now), since the block links to the public page.
 */
export const recommendationSuggestions: SuggestionSource = {
	kind: 'recommendation',
	list: async (data, q) => {
		const { recommendationEvents, recommendations } = data.t;
		const rows = await data.q
			.select({
				id: recommendationEvents.id,
				event: recommendationEvents.event,
				at: recommendationEvents.at,
				body: recommendationEvents.body,
				recommendationId: recommendations.id,
				title: recommendations.title,
				proposal: recommendations.proposal
			})
			.from(recommendationEvents)
			.innerJoin(recommendations, eq(recommendations.id, recommendationEvents.recommendationId))
			.where(
				and(
					eq(recommendations.conferenceId, q.conferenceId),
					inArray(recommendations.status, [...PUBLIC_STATUSES]),
					inArray(recommendationEvents.event, ['adopted', 'forwarded']),
					gt(recommendationEvents.at, q.since),
					q.id ? eq(recommendationEvents.id, q.id) : undefined,
					notUsed(q.conferenceId, 'recommendation', recommendationEvents.id)
				)
			)
			.orderBy(desc(recommendationEvents.at), asc(recommendationEvents.id))
			.limit(q.limit);
		return rows.map((row) => ({
			sourceKind: 'recommendation' as const,
			sourceId: row.id,
			title:
				row.event === 'adopted'
					? m.digest_suggestion_adopted({ title: row.title }, ISSUE_LANGUAGE)
					: m.digest_suggestion_forwarded({ title: row.title }, ISSUE_LANGUAGE),
			summary: row.event === 'forwarded' && row.body ? m.digest_suggestion_forwarded_to({ body: row.body }, ISSUE_LANGUAGE) : clipSummary(row.proposal ?? ''),
			date: row.at,
			href: `/oeffentlich/${q.conferenceId}/empfehlungen/${row.recommendationId}`
		}));
	}
};
