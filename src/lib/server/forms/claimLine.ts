import { m } from '$lib/paraglide/messages';
import { parseDistance } from '$lib/domain/allowances/amounts';
import { parseEuroToCents } from '$lib/domain/allowances/money';
import { ADDABLE_LINE_KINDS, TRAVEL_MODES } from '$lib/domain/allowances/types';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { checkbox, choice, fromPage, optionalChoice, optionalText, requiredId, type Field } from './fields';

/** An optional typed value turned into a number by `read`; what the kind of line needs is the command's to say. */
function optionalNumber(max: number, read: (text: string) => number | null, message: () => string): Field<number | undefined> {
	return {
		maxLength: max,
		parse(raw) {
			const text = typeof raw === 'string' ? raw.trim() : '';
			if (!text) return { ok: true, value: undefined };
			if (text.length > max) return { ok: false, message: m.form_too_long({ max }) };
			const value = read(text);
			return value === null ? { ok: false, message: message() } : { ok: true, value };
		}
	};
}

/** A line added to a draft claim; the receipt file travels beside it in the same multipart form. */
export const claimLineForm = {
	kind: choice(ADDABLE_LINE_KINDS),
	description: optionalText({ max: FIELD_LIMITS.claimLine.description }),
	distance: optionalNumber(FIELD_LIMITS.claimLine.distance, parseDistance, m.claimedit_error_distance_invalid),
	travelMode: optionalChoice(TRAVEL_MODES),
	officialInterest: checkbox(),
	amount: optionalNumber(FIELD_LIMITS.claimLine.amount, parseEuroToCents, m.claimedit_error_amount_invalid)
};

export const claimLineWithdrawForm = {
	lineId: fromPage(requiredId())
};

export const claimSubmitForm = {
	declaration: checkbox()
};
