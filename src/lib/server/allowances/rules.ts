import { and, eq } from 'drizzle-orm';
import { defaultRules } from '../../domain/allowances/amounts';
import { dateTimeFormat } from '../../domain/dateTimeFormat';
import { TIME_ZONE } from '../../domain/time';
import type { AllowanceRules } from '../../domain/allowances/types';
import type { Db, Tx } from '../db';
import { first, type Data } from '../db/client';
import { allowanceRules } from '../db/schema';

/** The year of a date in the conference's time zone (Germany): what a claim and a limit count by. */
export function allowanceYear(date: Date): number {
	// A cached formatter: building one per call was most of the time of drafting a meeting's claims.
	return Number(dateTimeFormat('en', { timeZone: TIME_ZONE, year: 'numeric' }).format(date));
}

/** The rules the office set for this conference and year, or the defaults where it set none. */
export function rulesFor(db: Db | Tx, conferenceId: string, year: number): AllowanceRules & { configured: boolean } {
	const row = db
		.select()
		.from(allowanceRules)
		.where(and(eq(allowanceRules.conferenceId, conferenceId), eq(allowanceRules.year, year)))
		.get();
	return rulesOf(row, year);
}

/** `rulesFor` on the data layer (either database), for the loads that moved to it. */
export async function rulesForOn(data: Data, conferenceId: string, year: number): Promise<AllowanceRules & { configured: boolean }> {
	const { allowanceRules } = data.t;
	const row = first(
		await data.q
			.select()
			.from(allowanceRules)
			.where(and(eq(allowanceRules.conferenceId, conferenceId), eq(allowanceRules.year, year)))
	);
	return rulesOf(row, year);
}

function rulesOf(row: typeof allowanceRules.$inferSelect | undefined, year: number): AllowanceRules & { configured: boolean } {
	if (!row) return { ...defaultRules(year), configured: false };
	return {
		year,
		flatPlenaryCents: row.flatPlenaryCents,
		flatWorkingGroupCents: row.flatWorkingGroupCents,
		flatSteeringGroupCents: row.flatSteeringGroupCents,
		flatOtherCents: row.flatOtherCents,
		kmRateCents: row.kmRateCents,
		kmRateOfficialCents: row.kmRateOfficialCents,
		kmRateBicycleCents: row.kmRateBicycleCents,
		tripCapCents: row.tripCapCents,
		yearlyLimitCents: row.yearlyLimitCents,
		benefitsLimitCents: row.benefitsLimitCents,
		budgetCents: row.budgetCents,
		configured: true
	};
}
