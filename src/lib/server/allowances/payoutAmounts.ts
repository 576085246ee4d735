import { inArray, sql } from 'drizzle-orm';
import type { Data, Query } from '../db/client';
import { countedLine } from './totals';

/**
 * What each claim pays out: its approved lines and counter-entries (the same rule as `claimAmountOn`),
 * for many claims in one query. A claim without counted lines is 0. On its own, or inside a
 * transaction with its `tx`.
 */
export async function payoutAmountsOn(data: Data, claimIds: readonly string[], tx: Query = data.q): Promise<Map<string, number>> {
	const { claimLines, claims } = data.t;
	const amounts = new Map<string, number>(claimIds.map((id) => [id, 0]));
	if (claimIds.length === 0) return amounts;
	const rows = await tx
		.select({ claimId: claimLines.claimId, cents: sql<number>`coalesce(sum(${claimLines.amountCents}), 0)`.mapWith(Number) })
		.from(claimLines)
		.innerJoin(claims, sql`${claims.id} = ${claimLines.claimId}`)
		// A paid claim is worth what its transfer carried: a counter-entry made after the payout is
		// settled outside the app and must not change the batch's page or its CSV against the file.
		.where(
			sql`${inArray(claimLines.claimId, [...claimIds])} AND ${countedLine(data.t)} AND (${claims.paidAt} IS NULL OR ${claimLines.createdAt} <= ${claims.paidAt})`
		)
		.groupBy(claimLines.claimId);
	for (const row of rows) amounts.set(row.claimId, row.cents);
	return amounts;
}
