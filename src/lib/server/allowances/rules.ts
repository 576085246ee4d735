import { and, eq } from 'drizzle-orm';
import { defaultRules } from '../../domain/allowances/amounts';
import type { AllowanceRules } from '../../domain/allowances/types';
import type { Db, Tx } from '../db';
import { allowanceRules } from '../db/schema';

/** The year of a date in the conference's time zone (Germany): what a claim and a limit count by. */
export function allowanceYear(date: Date): number {
	return Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(date));
}

/** The rules the office set for this conference and year, or the defaults where it set none. */
export function rulesFor(db: Db | Tx, conferenceId: string, year: number): AllowanceRules & { configured: boolean } {
	const row = db
		.select()
		.from(allowanceRules)
		.where(and(eq(allowanceRules.conferenceId, conferenceId), eq(allowanceRules.year, year)))
		.get();
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
