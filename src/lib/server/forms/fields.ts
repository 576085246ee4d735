import { m } from '$lib/paraglide/messages';
import { DATE_YEARS, endOfDayInZone, isCalendarDay, isYearInRange, wallClockInZone } from '$lib/domain/time';
import { accentContrast, AA_TEXT, accentMeetsAA, parseHexColour } from '$lib/domain/contrast';
import { digitsOf, EMAIL_MAX, PASSWORD_MAX, WEB_ADDRESS_MAX } from '$lib/fieldLimits';

/**
 * Form validation at the boundary: each field turns the raw entry into a typed value or a
 * localized message. Messages are produced per request, in the request's language.
 */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

export interface Field<T> {
	parse(raw: FormDataEntryValue | null): FieldResult<T>;
	/** Secrets are never echoed back into the form. */
	secret?: boolean;
	/** The most characters a person may type: the page's `maxlength` (see `$lib/fieldLimits`). */
	maxLength?: number;
	/**
	 * Filled in by the page, not typed (a hidden id): the person can neither see nor fix it, so a
	 * problem with it is the form's, not the field's (see `parseForm`).
	 */
	fromPage?: boolean;
}

/** Marks a field the page fills in itself (`<input type="hidden">`). */
export function fromPage<T>(field: Field<T>): Field<T> {
	return { ...field, fromPage: true };
}

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const bad = (message: string): FieldResult<never> => ({ ok: false, message });

function clean(raw: FormDataEntryValue | null): string {
	return typeof raw === 'string' ? raw.replace(/\r\n/g, '\n').trim() : '';
}

interface TextOptions {
	max?: number;
	multiline?: boolean;
}

export function requiredText({ max = 200, multiline = false }: TextOptions = {}): Field<string> {
	return {
		maxLength: max,
		parse(raw) {
			const value = multiline ? clean(raw) : clean(raw).replace(/\s+/g, ' ');
			if (!value) return bad(m.form_required());
			if (value.length > max) return bad(m.form_too_long({ max }));
			return ok(value);
		}
	};
}

export function optionalText(options: TextOptions = {}): Field<string | null> {
	const inner = requiredText(options);
	return { maxLength: inner.maxLength, parse: (raw) => (clean(raw) ? inner.parse(raw) : ok(null)) };
}

// Deliberately loose: one @, something on both sides, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function optionalEmail(): Field<string | null> {
	return {
		maxLength: EMAIL_MAX,
		parse(raw) {
			const value = clean(raw);
			if (!value) return ok(null);
			if (value.length > EMAIL_MAX || !EMAIL.test(value)) return bad(m.form_email_invalid());
			return ok(value);
		}
	};
}

export function requiredEmail(): Field<string> {
	const inner = optionalEmail();
	return {
		maxLength: inner.maxLength,
		parse(raw) {
			if (!clean(raw)) return bad(m.form_required());
			return inner.parse(raw) as FieldResult<string>;
		}
	};
}

export function password(): Field<string> {
	return {
		secret: true,
		maxLength: PASSWORD_MAX,
		parse(raw) {
			const value = typeof raw === 'string' ? raw : '';
			if (!value) return bad(m.form_required());
			if (value.length > PASSWORD_MAX) return bad(m.form_too_long({ max: PASSWORD_MAX }));
			return ok(value);
		}
	};
}

/** A whole number within bounds, typed as digits ("50", not "50 %" or "50.5"). */
export function wholeNumber({ min, max }: { min: number; max: number }): Field<number> {
	return {
		maxLength: digitsOf(max),
		parse(raw) {
			const value = clean(raw);
			if (!value) return bad(m.form_required());
			const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
			return Number.isInteger(n) && n >= min && n <= max ? ok(n) : bad(m.form_number_range({ min, max }));
		}
	};
}

/** A count a person may leave empty, which then means 0 (a choice nobody raised a hand for). */
export function optionalCount({ max }: { max: number }): Field<number> {
	return {
		maxLength: digitsOf(max),
		parse(raw) {
			const value = clean(raw);
			if (!value) return ok(0);
			const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
			return Number.isInteger(n) && n <= max ? ok(n) : bad(m.form_number_range({ min: 0, max }));
		}
	};
}

export function choice<T extends string>(values: readonly T[]): Field<T> {
	return {
		parse(raw) {
			const value = clean(raw);
			if (!value) return bad(m.form_choose());
			return (values as readonly string[]).includes(value) ? ok(value as T) : bad(m.form_choice_invalid());
		}
	};
}

export function optionalChoice<T extends string>(values: readonly T[]): Field<T | null> {
	const inner = choice(values);
	return { parse: (raw) => (clean(raw) ? inner.parse(raw) : ok(null)) };
}

/** An id picked from a list the page offered; whether it exists is the command's business. */
export function optionalId(): Field<string | null> {
	return {
		parse(raw) {
			const value = clean(raw);
			if (!value) return ok(null);
			return /^[a-z0-9]{1,64}$/.test(value) ? ok(value) : bad(m.form_choice_invalid());
		}
	};
}

export function requiredId(): Field<string> {
	const inner = optionalId();
	return {
		parse(raw) {
			const result = inner.parse(raw);
			if (result.ok && result.value === null) return bad(m.form_choose());
			return result as FieldResult<string>;
		}
	};
}

export function checkbox(): Field<boolean> {
	return { parse: (raw) => ok(raw !== null && raw !== '' && raw !== 'off') };
}

// Browsers send years of five and six digits too: those are told the range, like 0024.
const DAY = /^(\d{4,6})-(\d{2})-(\d{2})$/;
const DAY_AND_TIME = /^(\d{4,6})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/;

/**
 * Why a typed day is none, or null: a year outside DATE_YEARS (one message for every date
 * field, naming the range), or no day of the calendar (30 February: the field's own message).
 */
function dayProblem(year: number, month: number, day: number, invalid: () => string): string | null {
	if (!isYearInRange(year)) return m.form_date_range({ first: DATE_YEARS.first, last: DATE_YEARS.last });
	return isCalendarDay(year, month, day) ? null : invalid();
}

/** `<input type="date">`; a day means all of it, until midnight in the conference's time zone. */
export function optionalFutureDate(now = () => new Date()): Field<Date | null> {
	return {
		parse(raw) {
			const value = clean(raw);
			if (!value) return ok(null);
			const match = DAY.exec(value);
			if (!match) return bad(m.form_date_invalid());
			const [, y, mo, d] = match.map(Number);
			const problem = dayProblem(y, mo, d, m.form_date_invalid);
			if (problem) return bad(problem);
			const endOfDay = endOfDayInZone(y, mo, d);
			if (endOfDay.getTime() <= now().getTime()) return bad(m.form_date_past());
			return ok(endOfDay);
		}
	};
}

/** `<input type="datetime-local">`, read as Berlin wall-clock time. */
export function requiredDateTime(): Field<Date> {
	return {
		parse(raw) {
			const value = clean(raw);
			if (!value) return bad(m.form_required());
			const match = DAY_AND_TIME.exec(value);
			if (!match) return bad(m.form_datetime_invalid());
			const [, y, mo, d, h, mi] = match.map(Number);
			const problem = dayProblem(y, mo, d, m.form_datetime_invalid) ?? (h > 23 || mi > 59 ? m.form_datetime_invalid() : null);
			if (problem) return bad(problem);
			return ok(wallClockInZone(y, mo, d, h, mi));
		}
	};
}

/** A web address people will open (a video call): http(s) only, nothing that runs script. */
export function optionalWebAddress(): Field<string | null> {
	return {
		maxLength: WEB_ADDRESS_MAX,
		parse(raw) {
			const value = clean(raw);
			if (!value) return ok(null);
			let url: URL;
			try {
				url = new URL(value);
			} catch {
				return bad(m.form_url_invalid());
			}
			if (url.protocol !== 'https:' && url.protocol !== 'http:') return bad(m.form_url_invalid());
			if (value.length > WEB_ADDRESS_MAX) return bad(m.form_too_long({ max: WEB_ADDRESS_MAX }));
			return ok(url.toString());
		}
	};
}

/** `<input type="date">` for a day that is named (forwarded on, as of): the start of that day in Berlin. */
export function requiredDay(): Field<Date> {
	return {
		parse(raw) {
			const value = clean(raw);
			if (!value) return bad(m.form_required());
			const match = DAY.exec(value);
			if (!match) return bad(m.form_date_invalid_day());
			const [, y, mo, d] = match.map(Number);
			const problem = dayProblem(y, mo, d, m.form_date_invalid_day);
			if (problem) return bad(problem);
			return ok(wallClockInZone(y, mo, d, 0, 0));
		}
	};
}

/**
 * A web address that the site itself embeds or sends the public to (a sign-language video):
 * https only, so the page never mixes in insecure content or anything that runs script.
 */
export function optionalHttpsAddress(): Field<string | null> {
	return {
		maxLength: WEB_ADDRESS_MAX,
		parse(raw) {
			const value = clean(raw);
			if (!value) return ok(null);
			if (value.length > WEB_ADDRESS_MAX) return bad(m.form_too_long({ max: WEB_ADDRESS_MAX }));
			let url: URL;
			try {
				url = new URL(value);
			} catch {
				return bad(m.a11y_field_https_invalid());
			}
			if (url.protocol !== 'https:' || !url.hostname) return bad(m.a11y_field_https_invalid());
			return ok(url.toString());
		}
	};
}

/**
 * The honeypot of a public form: a field hidden from people, which robots fill in. Never an
 * error (that would tell the robot); the command decides what a filled-in trap means.
 */
export function honeypot(): Field<string | null> {
	return { parse: (raw) => ok(clean(raw) || null) };
}

/**
 * A conference's accent colour (#rgb or #rrggbb), or none. Refused unless it keeps WCAG AA where
 * it is used: as text on the pages' light backgrounds and behind white button text.
 */
export function optionalAccentColour(): Field<string | null> {
	return {
		maxLength: 7,
		parse(raw) {
			const value = clean(raw);
			if (!value) return ok(null);
			const colour = parseHexColour(value);
			if (!colour) return bad(m.look_accent_invalid());
			if (!accentMeetsAA(colour)) return bad(m.look_accent_contrast({ ratio: accentContrast(colour).toFixed(2), needed: AA_TEXT.toFixed(1) }));
			return ok(colour);
		}
	};
}
