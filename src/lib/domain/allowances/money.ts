/**
 * Money is integer cents everywhere. This file holds the one rounding rule and the conversions at
 * the edges (what people type, what a bank file or a spreadsheet needs).
 */

/** The largest amount any single field accepts: 100,000 € (far above any allowance, far below 2^53). */
export const MAX_CENTS = 10_000_000;

/**
 * numerator / denominator rounded half away from zero (kaufmännisch runden), in integers only:
 * 307.5 cents → 308, -307.5 → -308. Every computed amount (km × rate) goes through here.
 */
export function roundHalfUp(numerator: number, denominator: number): number {
	if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0)
		throw new RangeError('roundHalfUp: integers, positive denominator');
	const sign = numerator < 0 ? -1 : 1;
	const n = Math.abs(numerator);
	const quotient = Math.floor(n / denominator);
	const remainder = n - quotient * denominator;
	return sign * (remainder * 2 >= denominator ? quotient + 1 : quotient);
}

/** The sum of integer cents; refuses anything that is not an integer (a float crept in). */
export function sumCents(amounts: Iterable<number>): number {
	let total = 0;
	for (const a of amounts) {
		if (!Number.isSafeInteger(a)) throw new RangeError(`not a whole number of cents: ${a}`);
		total += a;
	}
	return total;
}

/**
 * What a person typed as euros ("12,50", "12.5", "1.234,56", "7 €") → cents, or null when it is not
 * an amount with at most two decimals between 0 and MAX_CENTS.
 */
export function parseEuroToCents(text: string): number | null {
	let s = text
		.trim()
		.replace(/\s*(€|eur|euro)$/i, '')
		.replace(/\s/g, '');
	if (s === '' || s.length > 16) return null;
	// German thousands separators: "1.234,56" → "1234,56"; a lone "." before exactly 3 digits with a comma later is a separator too.
	if (s.includes(',')) s = s.replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.');
	const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
	if (!match) return null;
	const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
	return Number.isSafeInteger(cents) && cents <= MAX_CENTS ? cents : null;
}

/** Cents as the decimal string a bank file or a CSV needs ("1234.50", "-3.05"); exact, no float. */
export function centsToDecimal(cents: number): string {
	if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Cents for people: "12,50 €" in German, "€12.50" in English. */
export function formatCents(cents: number, locale: string): string {
	return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** Cents as a form shows them for editing: "12,50" (de) or "12.50" (en). */
export function centsForInput(cents: number, locale: string): string {
	const s = centsToDecimal(cents);
	return locale === 'en' ? s : s.replace('.', ',');
}
