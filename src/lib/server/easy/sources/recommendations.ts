import { and, asc, eq, ne, type SQL } from 'drizzle-orm';
import type { Data } from '../../db/client';
import { currentRecommendationTexts } from '../../queries/recommendations';
import { recommendationText } from '../../../easy/standardTexts';
import { type EasySource, type EasySubject } from './types';

type Row = Data['t']['recommendations']['$inferSelect'] & { groupName: string };

async function subject(data: Data, row: Row): Promise<EasySubject> {
	const { texts } = await currentRecommendationTexts(data, row);
	return {
		kind: 'recommendation',
		subjectId: row.id,
		conferenceId: row.conferenceId,
		groupId: row.groupId,
		title: texts.title,
		context: row.groupName,
		when: null,
		standardText: recommendationText(texts),
		// The group may have drafted an easy summary alongside the text: the easy version starts there.
		startingPoint: texts.easySummary.trim() || null,
		href: `/conferences/${row.conferenceId}/groups/${row.groupId}/recommendations/${row.id}`
	};
}

async function rowsOf(data: Data, where: (t: Data['t']) => SQL | undefined): Promise<Row[]> {
	const { recommendations, workingGroups } = data.t;
	const rows = await data.q
		.select({ recommendation: recommendations, groupName: workingGroups.name })
		.from(recommendations)
		.innerJoin(workingGroups, eq(workingGroups.id, recommendations.groupId))
		.where(where(data.t))
		.orderBy(asc(recommendations.createdAt), asc(recommendations.id));
	return rows.map((row) => ({ ...row.recommendation, groupName: row.groupName }));
}

/**
 * A recommendation's summary in Leichte Sprache. Drafts are the group's own business; from the
 * moment a group agrees on one, the conference (and later the public) reads it.
 */
export const recommendationTextsSource: EasySource = {
	kind: 'recommendation',
	list: async (data, conferenceId) => {
		const rows = await rowsOf(data, ({ recommendations }) => and(eq(recommendations.conferenceId, conferenceId), ne(recommendations.status, 'draft')));
		const subjects: EasySubject[] = [];
		for (const row of rows) subjects.push(await subject(data, row));
		return subjects;
	},
	find: async (data, conferenceId, subjectId) => {
		const row = (await rowsOf(data, ({ recommendations }) => and(eq(recommendations.conferenceId, conferenceId), eq(recommendations.id, subjectId))))[0];
		return row && row.status !== 'draft' ? await subject(data, row) : null;
	}
};
