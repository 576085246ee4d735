import { and, eq } from 'drizzle-orm';
import { limitStanding, limitsFor, type LimitStanding } from '../../domain/allowances/limits';
import type { AllowanceRules } from '../../domain/allowances/types';
import { type Data, first, type Query } from '../db/client';
import { rulesForOn } from './rules';
import { yearTotalsOn } from './totals';

export interface YearlyLimitCheck {
	/** The tax limit first, then the benefits limit where it applies. */
	standings: (LimitStanding & { kind: 'yearly' | 'benefits' })[];
	/** The highest level of any limit: what the office is warned of. */
	level: LimitStanding['level'];
}

/**
 * Where a person stands against the year's limits if `claimCents` more were approved. Whether
 * they receive social benefits is read here and nowhere shown: only which limits apply follows
 * from it. Read inside the deciding transaction (its `tx`), so the check and the decision see the
 * same totals.
 */
export async function yearlyLimitCheckOn(
	data: Data,
	claim: { conferenceId: string; personId: string; year: number },
	claimCents: number,
	tx: Query = data.q
): Promise<YearlyLimitCheck> {
	const { socialBenefitFlags } = data.t;
	const rules = await rulesForOn(data, claim.conferenceId, claim.year, tx);
	const flag = first(
		await tx
			.select({ receivesBenefits: socialBenefitFlags.receivesBenefits })
			.from(socialBenefitFlags)
			.where(and(eq(socialBenefitFlags.conferenceId, claim.conferenceId), eq(socialBenefitFlags.personId, claim.personId)))
	);
	const { totalCents } = await yearTotalsOn(data, claim.conferenceId, claim.personId, claim.year, tx);
	return limitCheck(rules, flag?.receivesBenefits ?? false, totalCents, claimCents);
}

function limitCheck(rules: AllowanceRules, receivesBenefits: boolean, totalCents: number, claimCents: number): YearlyLimitCheck {
	const kinds = ['yearly', 'benefits'] as const;
	const standings = limitsFor(rules, receivesBenefits).map((limit, i) => ({ ...limitStanding(limit, totalCents, claimCents), kind: kinds[i] }));
	const level = standings.some((s) => s.level === 'over') ? 'over' : standings.some((s) => s.level === 'near') ? 'near' : 'fine';
	return { standings, level };
}
