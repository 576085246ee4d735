import { and, asc, eq, ne } from 'drizzle-orm';
import { recommendations, workingGroups } from '../../db/schema';
import type { Db } from '../../db';
import { recommendationTexts } from '../../queries/recommendations';
import { recommendationText } from '../../../easy/standardTexts';
import { type EasySource, type EasySubject } from './types';

type Row = typeof recommendations.$inferSelect & { groupName: string };

function subject(db: Db, row: Row): EasySubject {
	const texts = recommendationTexts(db, row);
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

const rowsOf = (db: Db, where: ReturnType<typeof and>) =>
	db
		.select({ recommendation: recommendations, groupName: workingGroups.name })
		.from(recommendations)
		.innerJoin(workingGroups, eq(workingGroups.id, recommendations.groupId))
		.where(where)
		.orderBy(asc(recommendations.createdAt))
		.all()
		.map((row) => ({ ...row.recommendation, groupName: row.groupName }));

/**
 * A recommendation's summary in Leichte Sprache. Drafts are the group's own business; from the
 * moment a group agrees on one, the conference (and later the public) reads it.
 */
export const recommendationTextsSource: EasySource = {
	kind: 'recommendation',
	list: (db, conferenceId) =>
		rowsOf(db, and(eq(recommendations.conferenceId, conferenceId), ne(recommendations.status, 'draft'))).map((row) => subject(db, row)),
	find: (db, conferenceId, subjectId) => {
		const row = rowsOf(db, and(eq(recommendations.conferenceId, conferenceId), eq(recommendations.id, subjectId)))[0];
		return row && row.status !== 'draft' ? subject(db, row) : null;
	}
};
