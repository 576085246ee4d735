import { dateTimeFormat } from '../domain/dateTimeFormat';
import { calendarDayInZone, TIME_ZONE, wallClockInZone } from '../domain/time';

/**
 * Dates and times as Leichte Sprache writes them (domain.md): `15. August 2026` and
 * `9:00 Uhr`: the month as a word, no leading zero on the hour, no weekday to decode.
 */
export function easyDate(date: Date | string | number, locale: string): string {
	return dateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE }).format(new Date(date));
}

export function easyTime(date: Date | string | number, locale: string): string {
	const parts = dateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE }).formatToParts(new Date(date));
	const hour = Number(parts.find((p) => p.type === 'hour')!.value);
	const minute = parts.find((p) => p.type === 'minute')!.value;
	// Easy English reads a 24-hour clock without a word after it; German says "Uhr".
	return locale === 'en' ? `${hour}:${minute}` : `${hour}:${minute} Uhr`;
}

/** The first instant of the calendar day (Berlin time) an instant falls on. */
export function startOfDayInZone(date: Date): Date {
	const [y, m, d] = calendarDayInZone(date).split('-').map(Number);
	return wallClockInZone(y, m, d, 0, 0);
}

export function sameDayInZone(a: Date, b: Date): boolean {
	return calendarDayInZone(a) === calendarDayInZone(b);
}
