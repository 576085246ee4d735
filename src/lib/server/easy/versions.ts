import { and, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { MISSING, sourceFingerprint, type EasyTextKind, type EasyVersion } from '../../easy/versions';
import type { Db } from '../db';
import { easyTexts, people } from '../db/schema';

const checker = alias(people, 'checker');

function rowsFor(db: Pick<Db, 'select'>, kind: EasyTextKind, subjectIds: string[]) {
	if (subjectIds.length === 0) return [];
	return db
		.select({
			subjectId: easyTexts.subjectId,
			body: easyTexts.body,
			status: easyTexts.status,
			sourceFingerprint: easyTexts.sourceFingerprint,
			checkedAt: easyTexts.checkedAt,
			checkedByName: checker.displayName
		})
		.from(easyTexts)
		.leftJoin(checker, eq(checker.id, easyTexts.checkedByPersonId))
		.where(and(eq(easyTexts.kind, kind), inArray(easyTexts.subjectId, subjectIds)))
		.all();
}

/**
 * The easy versions of several texts of one kind (an agenda's items, say), by subject id.
 * `standardTexts` lets a version say that the text it was written from has changed since.
 */
export function easyVersionsOf(
	db: Pick<Db, 'select'>,
	kind: EasyTextKind,
	subjects: { subjectId: string; standardText?: string }[]
): Map<string, EasyVersion> {
	const rows = new Map(rowsFor(db, kind, subjects.map((s) => s.subjectId)).map((row) => [row.subjectId, row]));
	return new Map(
		subjects.map(({ subjectId, standardText }) => {
			const row = rows.get(subjectId);
			if (!row) return [subjectId, MISSING];
			return [
				subjectId,
				{
					status: row.status,
					body: row.body,
					checkedByName: row.status === 'checked' ? row.checkedByName : null,
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

/** An easy version as shown to anyone, the public included: who checked it is not published, only when. */
export function anonymousEasyVersion(db: Pick<Db, 'select'>, kind: EasyTextKind, subjectId: string) {
	const { status, body, checkedAt } = easyVersionOf(db, kind, subjectId);
	return { status, body, checkedAt };
}
