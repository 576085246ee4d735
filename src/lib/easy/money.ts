import { centsToDecimal } from '../domain/allowances/money';

/**
 * Money as Leichte Sprache writes it: the word "Euro" rather than a sign, and no ",00" on whole
 * euros ("820 Euro", "12,50 Euro"). Easy English keeps the sign in front ("€820", "€12.50").
 */
export function easyEuro(cents: number, locale: string): string {
	const decimal = centsToDecimal(cents);
	const number = decimal.endsWith('.00') ? decimal.slice(0, -3) : decimal;
	if (locale === 'en') return number.startsWith('-') ? `-€${number.slice(1)}` : `€${number}`;
	return `${number.replace('.', ',')} Euro`;
}

/** A distance in tenths of a km as people say it: "12", "12,5" (de) or "12.5" (en). */
export function easyKm(tenthKm: number, locale: string): string {
	const whole = Math.floor(tenthKm / 10);
	const tenth = tenthKm % 10;
	return tenth === 0 ? String(whole) : `${whole}${locale === 'en' ? '.' : ','}${tenth}`;
}
