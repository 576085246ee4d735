import { calendarDayInZone, endOfDayInZone, TIME_ZONE } from '../domain/time';

/**
 * By when feedback on accessibility must be answered: one calendar month after it arrived
 * (BGG § 12b and BITV 2.0 § 7 ask for a reply "innerhalb eines Monats").
 *
 * The rule is the one German law uses for periods of months (§§ 187 (1), 188 (2) and (3) BGB):
 * the period ends at the end of the day of the next month that has the same number as the day
 * the feedback arrived on; where that month is too short, at the end of its last day. So
 * 15 March → 15 April, 31 January → 28 February (29 in a leap year), 31 May → 30 June,
 * 31 December → 31 January. Days are counted on the Berlin calendar, whatever the server's
 * clock zone, and the deadline is the last millisecond of that day there.
 */
export function replyDueAt(receivedAt: Date, timeZone = TIME_ZONE): Date {
	const [year, month, day] = calendarDayInZone(receivedAt, timeZone).split('-').map(Number);
	const nextYear = month === 12 ? year + 1 : year;
	const nextMonth = month === 12 ? 1 : month + 1;
	const lastDay = daysInMonth(nextYear, nextMonth);
	return endOfDayInZone(nextYear, nextMonth, Math.min(day, lastDay), timeZone);
}

/** Whether an unanswered entry is past its deadline at `now`. */
export function isOverdue(entry: { replyDueAt: Date; answeredAt: Date | null }, now: Date): boolean {
	return entry.answeredAt === null && now.getTime() > entry.replyDueAt.getTime();
}

function daysInMonth(year: number, month: number): number {
	// Day 0 of the following month is the last day of this one.
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
