import { m } from '$lib/paraglide/messages';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { parseDistance } from '../../domain/allowances/amounts';
import { parseEuroToCents } from '../../domain/allowances/money';
import { TRAVEL_MODES } from '../../domain/allowances/types';
import { checkbox, choice, fromPage, requiredId, type Field } from '../forms/fields';

/*
 * The forms of "Mein Geld". Every message is in Leichte Sprache and says what to type, with an
 * example; the pages set the limits below as `maxlength`.
 */

const LIMITS = { ...FIELD_LIMITS.easyMoneyAmount, ...FIELD_LIMITS.easyMoneyTrip };

/** An amount in euros as people type it ("4,50", "4.50 €") → cents. */
function euros(message: () => string): Field<number> {
	return {
		maxLength: LIMITS.amount,
		parse(raw) {
			const cents = typeof raw === 'string' ? parseEuroToCents(raw.slice(0, LIMITS.amount)) : null;
			return cents !== null && cents > 0 ? { ok: true, value: cents } : { ok: false, message: message() };
		}
	};
}

/** Km as people type them ("12", "12,5 km") → tenths of a km. */
function distance(): Field<number> {
	return {
		maxLength: LIMITS.distance,
		parse(raw) {
			const tenths = typeof raw === 'string' ? parseDistance(raw.slice(0, LIMITS.distance)) : null;
			return tenths !== null ? { ok: true, value: tenths } : { ok: false, message: m.easy_money_error_km() };
		}
	};
}

/** A chosen file: a photo from the phone or a PDF. What it really is, the receipts check by its content. */
function photo(): Field<File> {
	return {
		parse(raw) {
			return raw instanceof File && raw.size > 0 ? { ok: true, value: raw } : { ok: false, message: m.easy_money_error_photo() };
		}
	};
}

/** The self-declaration: only a ticked box sends. */
function declared(): Field<true> {
	const box = checkbox();
	return {
		parse(raw) {
			const result = box.parse(raw);
			return result.ok && result.value ? { ok: true, value: true } : { ok: false, message: m.easy_money_error_declaration() };
		}
	};
}

// The names the commands give their fields, so a refusal lands next to the field it is about.
export const easyTicketForm = { receipt: photo(), amount: euros(m.easy_money_error_price) };
export const easyTravelForm = { mode: choice(TRAVEL_MODES), distance: distance() };
export const easyCompanionForm = { amount: euros(m.easy_money_error_amount) };
export const easyWithdrawForm = { lineId: fromPage(requiredId()) };
export const easySubmitForm = { declaration: declared() };

/** The easy messages of fields whose validator speaks standard German. */
export const EASY_MONEY_FIELD_MESSAGES = { mode: m.easy_money_error_mode } as const;
