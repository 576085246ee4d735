import { m } from '$lib/paraglide/messages';
import { KM_RATE_MAX_CENTS } from '$lib/domain/allowances/amounts';
import { parseEuroToCents } from '$lib/domain/allowances/money';
import { DATE_YEARS } from '$lib/domain/time';
import { EURO_INPUT_MAX, FIELD_LIMITS } from '$lib/fieldLimits';
import { checkbox, fromPage, optionalText, requiredText, wholeNumber, type Field, type FieldResult } from './fields';

const typed = (raw: FormDataEntryValue | null) => (typeof raw === 'string' ? raw.trim() : '');

/** An amount typed in euros ("25,00", "25", "1.234,50 €") → integer cents. */
export function euroAmount(): Field<number> {
	return {
		maxLength: EURO_INPUT_MAX,
		parse(raw): FieldResult<number> {
			const text = typed(raw);
			if (!text) return { ok: false, message: m.form_required() };
			const cents = parseEuroToCents(text);
			return cents === null ? { ok: false, message: m.allowrules_error_euro_invalid() } : { ok: true, value: cents };
		}
	};
}

/** The same, where empty means none (the year's budget). */
export function optionalEuroAmount(): Field<number | null> {
	const inner = euroAmount();
	return { maxLength: inner.maxLength, parse: (raw) => (typed(raw) ? inner.parse(raw) : { ok: true, value: null }) };
}

/** Km rates are typed in whole cents ("20"), as the travel-expense laws state them. */
const kmRate = () => wholeNumber({ min: 0, max: KM_RATE_MAX_CENTS });

export const allowanceRulesForm = {
	// The year the page shows, not typed: no maxlength of its own.
	year: fromPage({ parse: wholeNumber({ min: DATE_YEARS.first, max: DATE_YEARS.last }).parse }),
	flatPlenaryCents: euroAmount(),
	flatWorkingGroupCents: euroAmount(),
	flatSteeringGroupCents: euroAmount(),
	flatOtherCents: euroAmount(),
	kmRateCents: kmRate(),
	kmRateOfficialCents: kmRate(),
	kmRateBicycleCents: kmRate(),
	tripCapCents: euroAmount(),
	yearlyLimitCents: euroAmount(),
	benefitsLimitCents: euroAmount(),
	budgetCents: optionalEuroAmount()
};

/** The IBAN and BIC are checked by the command, which says what is wrong next to the field. */
export const payoutAccountForm = {
	debtorName: requiredText({ max: FIELD_LIMITS.payoutAccount.debtorName }),
	debtorIban: requiredText({ max: FIELD_LIMITS.payoutAccount.debtorIban }),
	debtorBic: optionalText({ max: FIELD_LIMITS.payoutAccount.debtorBic })
};

export const payeeForm = {
	eligible: checkbox(),
	accountHolder: optionalText({ max: FIELD_LIMITS.payee.accountHolder }),
	iban: optionalText({ max: FIELD_LIMITS.payee.iban })
};

export const socialBenefitsForm = {
	receivesBenefits: checkbox(),
	consent: checkbox()
};
