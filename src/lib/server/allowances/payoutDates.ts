import { isCalendarDay, TIME_ZONE } from '../../domain/time';

/** The furthest ahead a bank takes a dated order. */
const MAX_DAYS_AHEAD = 365;

/** Today in Berlin as YYYY-MM-DD (the bank's calendar, not the server's). */
export function berlinToday(now: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** An execution date the bank takes: a real day, not in the past, within a year. */
export function executionDateOk(date: string, now: Date): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!match || !isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]))) return false;
	const latest = berlinToday(new Date(now.getTime() + MAX_DAYS_AHEAD * 86_400_000));
	return date >= berlinToday(now) && date <= latest;
}
