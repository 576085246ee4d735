import { and, eq } from 'drizzle-orm';
import { limitStanding, limitsFor, type LimitStanding } from '../../domain/allowances/limits';
import type { Db, Tx } from '../db';
import { socialBenefitFlags } from '../db/schema';
import { rulesFor } from './rules';
import { yearTotals } from './totals';

export interface YearlyLimitCheck {
	/** The tax limit first, then the benefits limit where it applies. */
	standings: (LimitStanding & { kind: 'yearly' | 'benefits' })[];
	/** The highest level of any limit: what the office is warned of. */
	level: LimitStanding['level'];
}

/**
 * Where a person stands against the year's limits if `claimCents` more were approved. Whether
 * they receive social benefits is read here and nowhere shown: only which limits apply follows
 * from it. Read inside the deciding transaction, so the check and the decision see the same totals.
 */
export function yearlyLimitCheck(db: Db | Tx, claim: { conferenceId: string; personId: string; year: number }, claimCents: number): YearlyLimitCheck {
	const rules = rulesFor(db, claim.conferenceId, claim.year);
	const flag = db
		.select({ receivesBenefits: socialBenefitFlags.receivesBenefits })
		.from(socialBenefitFlags)
		.where(and(eq(socialBenefitFlags.conferenceId, claim.conferenceId), eq(socialBenefitFlags.personId, claim.personId)))
		.get();
	const { totalCents } = yearTotals(db, claim.conferenceId, claim.personId, claim.year);
	const kinds = ['yearly', 'benefits'] as const;
	const standings = limitsFor(rules, flag?.receivesBenefits ?? false).map((limit, i) => ({ ...limitStanding(limit, totalCents, claimCents), kind: kinds[i] }));
	const level = standings.some((s) => s.level === 'over') ? 'over' : standings.some((s) => s.level === 'near') ? 'near' : 'fine';
	return { standings, level };
}
