import { dateTimeFormat } from './dateTimeFormat';

/** German district conferences keep Berlin time, whatever clock the server runs on. */
export const TIME_ZONE = 'Europe/Berlin';

/**
 * The years a date may have wherever a person types one (sittings, meetings, link expiry,
 * forwarding and implementation reports, action items). Health conferences date from the 1990s
 * at the earliest and plan a few years ahead at most: outside 2000–2100 a date is a typo (0024
 * for 2024, 20260 or 9999), and would sort, count and show as nonsense. One range for every
 * field, so the same date is never accepted in one form and refused in another.
 */
export const DATE_YEARS = { first: 2000, last: 2100 } as const;

/** Milliseconds in 400 Gregorian years, after which the calendar repeats exactly. */
const FOUR_CENTURIES_MS = 146_097 * 86_400_000;

/**
 * `Date.UTC` without its quirk of reading the years 0–99 as 1900–1999 (`0024-05-01` would be
 * 1924): the same day 400 years later, less those 400 years.
 */
export function utcTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
	return Date.UTC(year + 400, month - 1, day, hour, minute, second, ms) - FOUR_CENTURIES_MS;
}

/** Whether year, month (1–12) and day name a day of the calendar (not 30 February). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
	if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
	const date = new Date(utcTime(year, month, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What a date or date-time field offers its picker: DATE_YEARS in the field's own format. */
export function dateInputBounds(type: string | null | undefined): { min?: string; max?: string } {
	if (type === 'date') return { min: `${DATE_YEARS.first}-01-01`, max: `${DATE_YEARS.last}-12-31` };
	if (type === 'datetime-local') return { min: `${DATE_YEARS.first}-01-01T00:00`, max: `${DATE_YEARS.last}-12-31T23:59` };
	return {};
}

/** Whether a year is within DATE_YEARS. */
export function isYearInRange(year: number): boolean {
	return year >= DATE_YEARS.first && year <= DATE_YEARS.last;
}

/** Whether `YYYY-MM-DD` names a day of the calendar within DATE_YEARS. */
export function isDayInRange(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [year, month, day] = match.slice(1).map(Number);
	return isYearInRange(year) && isCalendarDay(year, month, day);
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffsetMs(instant: number, timeZone: string): number {
	const parts = dateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(new Date(instant));
	const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
	const wallClockAsUtc = utcTime(get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second'));
	return wallClockAsUtc - Math.floor(instant / 1000) * 1000;
}

/** The last millisecond of a calendar day in a time zone ("valid until 30 June" means all of it). */
export function endOfDayInZone(year: number, month: number, day: number, timeZone = TIME_ZONE): Date {
	return wallClockInZone(year, month, day, 23, 59, 59, 999, timeZone);
}

/** The instant a wall clock in a time zone shows the given date and time ("14 May, 17:00 in Berlin"). */
export function wallClockInZone(year: number, month: number, day: number, hour: number, minute: number, second = 0, ms = 0, timeZone = TIME_ZONE): Date {
	const wall = utcTime(year, month, day, hour, minute, second, ms);
	let instant = wall - zoneOffsetMs(wall, timeZone);
	// Near a daylight-saving switch the offset at the result can differ from the first guess.
	const corrected = wall - zoneOffsetMs(instant, timeZone);
	if (corrected !== instant) instant = corrected;
	return new Date(instant);
}

/** An instant as `<input type="datetime-local">` shows it, on the zone's wall clock: "2026-05-14T17:00". */
export function toDateTimeLocalValue(date: Date, timeZone = TIME_ZONE): string {
	const wall = new Date(date.getTime() + zoneOffsetMs(date.getTime(), timeZone));
	return wall.toISOString().slice(0, 16);
}

/** The calendar day an instant falls on in a time zone: "2026-05-14". */
export function calendarDayInZone(date: Date, timeZone = TIME_ZONE): string {
	return toDateTimeLocalValue(date, timeZone).slice(0, 10);
}
