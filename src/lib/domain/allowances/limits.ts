/**
 * The yearly limits a person's allowances are measured against: the Ehrenamtspauschale for
 * everyone (tax), and the 3,000 € that people on social benefits may receive without it counting
 * as income. Warnings come before a limit is reached, to the office before approving and to the
 * person; the office may still approve, and that decision is recorded.
 */

/** Share of a limit from which a warning shows (80 %). */
export const NEAR_LIMIT_PERCENT = 80;

export interface LimitStanding {
	limitCents: number;
	/** Approved, released and paid this year, counter-entries included. */
	totalCents: number;
	/** The total with this claim added. */
	withClaimCents: number;
	remainingCents: number;
	level: 'fine' | 'near' | 'over';
}

export function limitStanding(limitCents: number, totalCents: number, claimCents = 0): LimitStanding {
	const withClaimCents = totalCents + claimCents;
	const level = withClaimCents > limitCents ? 'over' : withClaimCents * 100 >= limitCents * NEAR_LIMIT_PERCENT ? 'near' : 'fine';
	return { limitCents, totalCents, withClaimCents, remainingCents: Math.max(0, limitCents - totalCents), level };
}

/** The limits that apply to a person: the tax limit, and the benefits limit where the office recorded it (with consent). */
export function limitsFor(rules: { yearlyLimitCents: number; benefitsLimitCents: number }, receivesBenefits: boolean) {
	return receivesBenefits ? [rules.yearlyLimitCents, rules.benefitsLimitCents] : [rules.yearlyLimitCents];
}
