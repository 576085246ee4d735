import { inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { claimLines } from '../db/schema';
import { COUNTED_LINE } from './totals';

/**
 * What each claim pays out: its approved lines and counter-entries (the same rule as `claimAmount`),
 * for many claims in one query. A claim without counted lines is 0.
 */
export function payoutAmounts(db: Db | Tx, claimIds: readonly string[]): Map<string, number> {
	const amounts = new Map<string, number>(claimIds.map((id) => [id, 0]));
	if (claimIds.length === 0) return amounts;
	const rows = db
		.select({ claimId: claimLines.claimId, cents: sql<number>`coalesce(sum(${claimLines.amountCents}), 0)` })
		.from(claimLines)
		.where(sql`${inArray(claimLines.claimId, [...claimIds])} AND ${COUNTED_LINE}`)
		.groupBy(claimLines.claimId)
		.all();
	for (const row of rows) amounts.set(row.claimId, row.cents);
	return amounts;
}
