import { and, asc, eq, gt, lte } from 'drizzle-orm';
import { formatDateTime } from '$lib/i18n/labels';
import { notUsed, UPCOMING_DAYS, type SuggestionSource } from './types';
import { ISSUE_LANGUAGE } from '../issueLanguage';

/** Sittings of the plenary in the coming weeks, soonest first. */
export const plenarySessionSuggestions: SuggestionSource = {
	kind: 'plenary_session',
	list: async (data, q) => {
		const { plenarySessions } = data.t;
		const rows = await data.q
			.select({ id: plenarySessions.id, title: plenarySessions.title, startsAt: plenarySessions.startsAt, place: plenarySessions.place })
			.from(plenarySessions)
			.where(
				and(
					eq(plenarySessions.conferenceId, q.conferenceId),
					gt(plenarySessions.startsAt, q.now),
					lte(plenarySessions.startsAt, new Date(q.now.getTime() + UPCOMING_DAYS * 86_400_000)),
					q.id ? eq(plenarySessions.id, q.id) : undefined,
					notUsed(q.conferenceId, 'plenary_session', plenarySessions.id)
				)
			)
			.orderBy(asc(plenarySessions.startsAt), asc(plenarySessions.id))
			.limit(q.limit);
		return rows.map((row) => ({
			sourceKind: 'plenary_session' as const,
			sourceId: row.id,
			title: row.title,
			summary: `${formatDateTime(row.startsAt, ISSUE_LANGUAGE.locale)}, ${row.place}`,
			date: row.startsAt,
			href: `/conferences/${q.conferenceId}/plenary/${row.id}`
		}));
	}
};
