import { and, eq } from 'drizzle-orm';
import { defaultRules } from '../../domain/allowances/amounts';
import { dateTimeFormat } from '../../domain/dateTimeFormat';
import { TIME_ZONE } from '../../domain/time';
import type { AllowanceRules } from '../../domain/allowances/types';
import { type Data, first, type Query } from '../db/client';
import { allowanceRules } from '../db/schema';

/** The year of a date in the conference's time zone (Germany): what a claim and a limit count by. */
export function allowanceYear(date: Date): number {
	// A cached formatter: building one per call was most of the time of drafting a meeting's claims.
	return Number(dateTimeFormat('en', { timeZone: TIME_ZONE, year: 'numeric' }).format(date));
}

/** The rules the office set for this conference and year, or the defaults where it set none (on its own, or inside a transaction with its `tx`). */
export async function rulesForOn(data: Data, conferenceId: string, year: number, tx: Query = data.q): Promise<AllowanceRules & { configured: boolean }> {
	const { allowanceRules } = data.t;
	const row = first(
		await tx
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
