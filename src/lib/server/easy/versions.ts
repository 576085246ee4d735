import { and, eq, sql } from 'drizzle-orm';
import { MISSING, sourceFingerprint, type EasyTextKind, type EasyVersion } from '../../easy/versions';
import type { Db } from '../db';
import { preparedFor } from '../db/prepared';
import { easyTexts } from '../db/schema';

// Each easy page asks for its texts' versions on every view: one statement for any number of subjects.
const versionRows = preparedFor((db: Db) =>
	db
		.select({
			subjectId: easyTexts.subjectId,
			body: easyTexts.body,
			status: easyTexts.status,
			sourceFingerprint: easyTexts.sourceFingerprint,
			checkedAt: easyTexts.checkedAt
		})
		.from(easyTexts)
		.where(and(eq(easyTexts.kind, sql.placeholder('kind')), sql`${easyTexts.subjectId} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`))
		.prepare()
);

function rowsFor(db: Pick<Db, 'select'>, kind: EasyTextKind, subjectIds: string[]) {
	if (subjectIds.length === 0) return [];
	// Inside a transaction `db` is the transaction: the same connection, built for it.
	return versionRows(db as Db).all({ kind, ids: JSON.stringify(subjectIds) });
}

/**
 * The easy versions of several texts of one kind (an agenda's items, say), by subject id.
 * `standardTexts` lets a version say that the text it was written from has changed since.
 */
export function easyVersionsOf(db: Pick<Db, 'select'>, kind: EasyTextKind, subjects: { subjectId: string; standardText?: string }[]): Map<string, EasyVersion> {
	const rows = new Map(
		rowsFor(
			db,
			kind,
			subjects.map((s) => s.subjectId)
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
export function easyVersionOf(db: Pick<Db, 'select'>, kind: EasyTextKind, subjectId: string, standardText?: string): EasyVersion {
	return easyVersionsOf(db, kind, [{ subjectId, standardText }]).get(subjectId)!;
}

/**
 * The easy version to show in place of a text's own easy summary (a recommendation's, on its
 * record and its public page): only one the Prüfgruppe checked and that still fits the standard
 * text; otherwise none, and the page keeps the summary that was agreed. Who checked it is not
 * said (readers of the Prüfgruppe come from the target group), only when.
 */
export function checkedEasyVersion(db: Pick<Db, 'select'>, kind: EasyTextKind, subjectId: string, standardText: string) {
	const { status, body, checkedAt, outdated } = easyVersionOf(db, kind, subjectId, standardText);
	return status === 'checked' && !outdated ? { status, body, checkedAt } : { status: 'missing' as const, body: null, checkedAt: null };
}
