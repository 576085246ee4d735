import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { COUNTS_TOWARDS_YEAR } from '../../domain/allowances/steps';
import { type Data, first, type Query, type Tables } from '../db/client';

/** The lines of a claim that count: approved lines and counter-entries (withdrawn, rejected and open lines do not). */
export const countedLine = (t: Pick<Tables, 'claimLines'>) => sql`(${t.claimLines.status} = 'approved' OR ${t.claimLines.kind} = 'reversal')`;

/** A sum of cents: PostgreSQL's `sum` of integers is a bigint, which its driver gives as a string. */
const cents = (expression: SQL) => sql<number>`coalesce(sum(${expression}), 0)`.mapWith(Number);

/** The amount a claim is worth as it stands: approved lines and counter-entries once decided, else every line not withdrawn or rejected (`tx`: inside a transaction). */
export async function claimAmountOn(data: Data, claimId: string, tx: Query = data.q): Promise<{ claimedCents: number; approvedCents: number }> {
	const { claimLines } = data.t;
	const row = first(
		await tx
			.select({
				claimed: cents(sql`case when ${claimLines.status} in ('open', 'approved') then ${claimLines.amountCents} else 0 end`),
				approved: cents(sql`case when ${countedLine(data.t)} then ${claimLines.amountCents} else 0 end`)
			})
			.from(claimLines)
			.where(eq(claimLines.claimId, claimId))
	);
	return { claimedCents: row?.claimed ?? 0, approvedCents: row?.approved ?? 0 };
}

/**
 * What a person got in a year from one conference: the approved lines (and counter-entries) of
 * approved, released and paid claims; and what is still waiting for a decision (submitted).
 */
export async function yearTotalsOn(
	data: Data,
	conferenceId: string,
	personId: string,
	year: number,
	tx: Query = data.q
): Promise<{ totalCents: number; pendingCents: number; paidCents: number }> {
	const { claimLines, claims } = data.t;
	const where = and(eq(claims.conferenceId, conferenceId), eq(claims.personId, personId), eq(claims.year, year));
	const counted = first(
		await tx
			.select({
				total: cents(sql`${claimLines.amountCents}`),
				paid: cents(sql`case when ${claims.status} = 'paid' then ${claimLines.amountCents} else 0 end`)
			})
			.from(claimLines)
			.innerJoin(claims, eq(claims.id, claimLines.claimId))
			.where(and(where, inArray(claims.status, [...COUNTS_TOWARDS_YEAR]), countedLine(data.t)))
	);
	const pending = first(
		await tx
			.select({ total: cents(sql`${claimLines.amountCents}`) })
			.from(claimLines)
			.innerJoin(claims, eq(claims.id, claimLines.claimId))
			.where(and(where, eq(claims.status, 'submitted'), inArray(claimLines.status, ['open', 'approved'])))
	);
	return { totalCents: counted?.total ?? 0, paidCents: counted?.paid ?? 0, pendingCents: pending?.total ?? 0 };
}
