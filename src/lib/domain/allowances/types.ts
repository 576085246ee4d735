/**
 * The vocabulary of expense allowances, shared by the schema, the commands and the pages. Safe for
 * the browser: no server imports.
 */

/** What kind of meeting a claim is for: each has its own flat rate. */
export const MEETING_TYPES = ['plenary', 'working_group', 'steering_group', 'other'] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

/**
 * draft → submitted → approved → released → paid. `rejected` when every line was rejected or the
 * office rejected the claim with a reason; `cancelled` when the attendance it rested on was removed
 * before payout.
 */
export const CLAIM_STATUSES = ['draft', 'submitted', 'approved', 'released', 'paid', 'rejected', 'cancelled'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/**
 * flat: the meeting's flat rate (drafted automatically); travel_km: by car or bicycle at the km
 * rate; ticket: public transport at cost; companion: an assistant's or companion's costs; receipt:
 * other receipted costs; reversal: a counter-entry (negative) for a decided line.
 */
export const CLAIM_LINE_KINDS = ['flat', 'travel_km', 'ticket', 'companion', 'receipt', 'reversal'] as const;
export type ClaimLineKind = (typeof CLAIM_LINE_KINDS)[number];

/** The kinds a person (or the office for them) adds to a draft. */
export const ADDABLE_LINE_KINDS = ['travel_km', 'ticket', 'companion', 'receipt'] as const satisfies readonly ClaimLineKind[];
export type AddableLineKind = (typeof ADDABLE_LINE_KINDS)[number];

/** open until the office decides; withdrawn by the person before submitting. */
export const CLAIM_LINE_STATUSES = ['open', 'approved', 'rejected', 'withdrawn'] as const;
export type ClaimLineStatus = (typeof CLAIM_LINE_STATUSES)[number];

export const TRAVEL_MODES = ['car', 'bicycle'] as const;
export type TravelMode = (typeof TRAVEL_MODES)[number];

/** Rates and limits of a conference for one year; all money in integer cents. */
export interface AllowanceRules {
	year: number;
	flatPlenaryCents: number;
	flatWorkingGroupCents: number;
	flatSteeringGroupCents: number;
	flatOtherCents: number;
	kmRateCents: number;
	kmRateOfficialCents: number;
	kmRateBicycleCents: number;
	tripCapCents: number;
	yearlyLimitCents: number;
	benefitsLimitCents: number;
	budgetCents: number | null;
}

/** The SEPA limit of a name in a transfer (debtor and creditor alike): 70 characters. */
export const SEPA_NAME_MAX = 70;
