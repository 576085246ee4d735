import { and, eq, sql, type SQL } from 'drizzle-orm';
import { MISSING, sourceFingerprint, type EasyTextKind, type EasyVersion } from '../../easy/versions';
import type { Data, Query, Tables } from '../db/client';
import { preparedOn } from '../db/prepared';

// Each easy page asks for its texts' versions on every view: one statement for any number of
// subjects, the ids as one JSON array. SQLite reads it with `json_each`, PostgreSQL with
// `jsonb_array_elements_text`.
const versionRowsWhere = (q: Query, t: Tables, ids: (subjectId: Tables['easyTexts']['subjectId']) => SQL) =>
	q
		.select({
			subjectId: t.easyTexts.subjectId,
			body: t.easyTexts.body,
			status: t.easyTexts.status,
			sourceFingerprint: t.easyTexts.sourceFingerprint,
			checkedAt: t.easyTexts.checkedAt
		})
		.from(t.easyTexts)
		.where(and(eq(t.easyTexts.kind, sql.placeholder('kind')), ids(t.easyTexts.subjectId)));
const versionRowsSqlite = preparedOn((q, t) => versionRowsWhere(q, t, (id) => sql`${id} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`));
const versionRowsPostgres = preparedOn((q, t) =>
	versionRowsWhere(q, t, (id) => sql`${id} IN (SELECT jsonb_array_elements_text(${sql.placeholder('ids')}::jsonb))`)
);

async function rowsFor(data: Data, kind: EasyTextKind, subjectIds: string[], tx?: Query) {
	if (subjectIds.length === 0) return [];
	return await (data.dialect === 'postgres' ? versionRowsPostgres : versionRowsSqlite)(data).all({ kind, ids: JSON.stringify(subjectIds) }, tx);
}

/**
 * The easy versions of several texts of one kind (an agenda's items, say), by subject id.
 * `standardTexts` lets a version say that the text it was written from has changed since.
 */
export async function easyVersionsOf(
	data: Data,
	kind: EasyTextKind,
	subjects: { subjectId: string; standardText?: string }[],
	tx?: Query
): Promise<Map<string, EasyVersion>> {
	const rows = new Map(
		(
			await rowsFor(
				data,
				kind,
				subjects.map((s) => s.subjectId),
				tx
			)
		).map((row) => [row.subjectId, row])
	);
	return new Map(
		subjects.map(({ subjectId, standardText }) => {
			const row = rows.get(subjectId);
			if (!row) return [subjectId, MISSING];
			return [
				subjectId,
				{
					status: row.status,
					body: row.body,
					checkedAt: row.status === 'checked' ? row.checkedAt : null,
					outdated: standardText !== undefined && sourceFingerprint(standardText) !== row.sourceFingerprint
				}
			];
		})
	);
}

/** The easy version of one text: checked, a draft, or missing. */
export async function easyVersionOf(data: Data, kind: EasyTextKind, subjectId: string, standardText?: string): Promise<EasyVersion> {
	return (await easyVersionsOf(data, kind, [{ subjectId, standardText }])).get(subjectId)!;
}

/**
 * The easy version to show in place of a text's own easy summary (a recommendation's, on its
 * record and its public page): only one the Prüfgruppe checked and that still fits the standard
 * text; otherwise none, and the page keeps the summary that was agreed. Who checked it is not
 * said (readers of the Prüfgruppe come from the target group), only when.
 */
export async function checkedEasyVersion(data: Data, kind: EasyTextKind, subjectId: string, standardText: string) {
	const { status, body, checkedAt, outdated } = await easyVersionOf(data, kind, subjectId, standardText);
	return status === 'checked' && !outdated ? { status, body, checkedAt } : { status: 'missing' as const, body: null, checkedAt: null };
}
