import { and, eq, inArray, sql } from 'drizzle-orm';
import { COUNTS_TOWARDS_YEAR } from '../../domain/allowances/steps';
import type { Db, Tx } from '../db';
import { claimLines, claims } from '../db/schema';

/** The sum of a claim's lines that count: approved lines and counter-entries (withdrawn, rejected and open lines do not). */
export const COUNTED_LINE = sql`(${claimLines.status} = 'approved' OR ${claimLines.kind} = 'reversal')`;

/** The amount a claim is worth as it stands: approved lines and counter-entries once decided, else every line not withdrawn or rejected. */
export function claimAmount(db: Db | Tx, claimId: string): { claimedCents: number; approvedCents: number } {
	const row = db
		.select({
			claimed: sql<number>`coalesce(sum(case when ${claimLines.status} in ('open', 'approved') then ${claimLines.amountCents} else 0 end), 0)`,
			approved: sql<number>`coalesce(sum(case when ${COUNTED_LINE} then ${claimLines.amountCents} else 0 end), 0)`
		})
		.from(claimLines)
		.where(eq(claimLines.claimId, claimId))
		.get();
	return { claimedCents: row?.claimed ?? 0, approvedCents: row?.approved ?? 0 };
}

/**
 * What a person got in a year from one conference: the approved lines (and counter-entries) of
 * approved, released and paid claims; and what is still waiting for a decision (submitted).
 */
export function yearTotals(db: Db | Tx, conferenceId: string, personId: string, year: number): { totalCents: number; pendingCents: number; paidCents: number } {
	const where = and(eq(claims.conferenceId, conferenceId), eq(claims.personId, personId), eq(claims.year, year));
	const counted = db
		.select({
			total: sql<number>`coalesce(sum(${claimLines.amountCents}), 0)`,
			paid: sql<number>`coalesce(sum(case when ${claims.status} = 'paid' then ${claimLines.amountCents} else 0 end), 0)`
		})
		.from(claimLines)
		.innerJoin(claims, eq(claims.id, claimLines.claimId))
		.where(and(where, inArray(claims.status, [...COUNTS_TOWARDS_YEAR]), COUNTED_LINE))
		.get();
	const pending = db
		.select({ total: sql<number>`coalesce(sum(${claimLines.amountCents}), 0)` })
		.from(claimLines)
		.innerJoin(claims, eq(claims.id, claimLines.claimId))
		.where(and(where, eq(claims.status, 'submitted'), inArray(claimLines.status, ['open', 'approved'])))
		.get();
	return { totalCents: counted?.total ?? 0, paidCents: counted?.paid ?? 0, pendingCents: pending?.total ?? 0 };
}
