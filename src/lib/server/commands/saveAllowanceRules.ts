import { KM_RATE_MAX_CENTS } from '../../domain/allowances/amounts';
import { MAX_CENTS } from '../../domain/allowances/money';
import { DATE_YEARS } from '../../domain/time';
import type { AllowanceRules } from '../../domain/allowances/types';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { rulesForOn } from '../allowances/rules';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects/transactOn';
import { CommandError } from './support/errors';

type Amount = Exclude<keyof AllowanceRules, 'year' | 'budgetCents'>;

/** Every figure of the rules with the most it may be. */
const BOUNDS: Record<Amount, number> = {
	flatPlenaryCents: MAX_CENTS,
	flatWorkingGroupCents: MAX_CENTS,
	flatSteeringGroupCents: MAX_CENTS,
	flatOtherCents: MAX_CENTS,
	kmRateCents: KM_RATE_MAX_CENTS,
	kmRateOfficialCents: KM_RATE_MAX_CENTS,
	kmRateBicycleCents: KM_RATE_MAX_CENTS,
	tripCapCents: MAX_CENTS,
	yearlyLimitCents: MAX_CENTS,
	benefitsLimitCents: MAX_CENTS
};

const isCents = (value: unknown, max: number): value is number => Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= max;

/**
 * The office sets the rates and limits of one year (Einstellungen → Aufwandsentschädigung); a
 * second save of the same year replaces the first. Claims already drafted keep the rate they
 * were drafted with: the rules apply to what is drafted from now on. Audited with the rules
 * before (the defaults, if none were set) and after: every figure is one the treasury may ask about.
 */
export async function saveAllowanceRules(
	data: Data,
	actor: Actor,
	input: { conferenceId: string; rules: AllowanceRules; now?: Date }
): Promise<AllowanceRules> {
	authorize(actor, 'allowance.configure', { conferenceId: input.conferenceId });
	const { year } = input.rules;
	if (!Number.isInteger(year) || year < DATE_YEARS.first || year > DATE_YEARS.last) throw new CommandError('allowance_year_invalid', 'year');
	for (const [field, max] of Object.entries(BOUNDS) as [Amount, number][])
		if (!isCents(input.rules[field], max)) throw new CommandError('allowance_amount_invalid', field);
	const budgetCents = input.rules.budgetCents;
	if (budgetCents !== null && !isCents(budgetCents, MAX_CENTS)) throw new CommandError('allowance_amount_invalid', 'budgetCents');
	// Only the known figures: whatever else the caller's object carries stays out of the table and the log.
	const rules = { year, ...(Object.fromEntries(Object.keys(BOUNDS).map((f) => [f, input.rules[f as Amount]])) as Record<Amount, number>), budgetCents };
	const now = input.now ?? new Date();
	const { allowanceRules } = data.t;
	return transactOn(data, async (tx) => {
		const { configured, ...before } = await rulesForOn(data, input.conferenceId, year, tx);
		const { year: _year, ...figures } = rules;
		const set = { ...figures, updatedAt: now, updatedByPersonId: actor.personId };
		await tx
			.insert(allowanceRules)
			.values({ conferenceId: input.conferenceId, year, ...set })
			.onConflictDoUpdate({ target: [allowanceRules.conferenceId, allowanceRules.year], set });
		await recordAuditIn(data, tx, actor, {
			action: 'allowance.configure',
			conferenceId: input.conferenceId,
			subjectType: 'conference',
			subjectId: input.conferenceId,
			before: configured ? before : { year, defaults: true },
			after: rules
		});
		return rules;
	});
}
