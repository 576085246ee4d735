import { describe, expect, it } from 'vitest';
import { calendarDayInZone, wallClockInZone } from '../domain/time';
import { isOverdue, replyDueAt } from './replyDeadline';

const berlin = (y: number, mo: number, d: number, h = 12, mi = 0) => wallClockInZone(y, mo, d, h, mi);
const dueDay = (received: Date) => calendarDayInZone(replyDueAt(received));

describe('replyDueAt: one calendar month, §§ 187, 188 BGB', () => {
	it('ends on the day with the same number in the next month', () => {
		expect(dueDay(berlin(2026, 3, 15))).toBe('2026-04-15');
		expect(dueDay(berlin(2026, 11, 30))).toBe('2026-12-30');
	});

	it('ends on the last day of a shorter month', () => {
		expect(dueDay(berlin(2026, 1, 31))).toBe('2026-02-28');
		expect(dueDay(berlin(2028, 1, 31))).toBe('2028-02-29');
		expect(dueDay(berlin(2028, 1, 29))).toBe('2028-02-29');
		expect(dueDay(berlin(2026, 5, 31))).toBe('2026-06-30');
		expect(dueDay(berlin(2026, 3, 31))).toBe('2026-04-30');
	});

	it('crosses the year', () => {
		expect(dueDay(berlin(2026, 12, 31))).toBe('2027-01-31');
		expect(dueDay(berlin(2026, 12, 1))).toBe('2027-01-01');
	});

	it('counts days on the Berlin calendar, not the server’s', () => {
		// 23:30 on 31 January in Berlin is still 31 January there (22:30 UTC).
		expect(dueDay(berlin(2026, 1, 31, 23, 30))).toBe('2026-02-28');
		// 00:30 on 1 February in Berlin is 31 January in UTC, but 1 February counts.
		expect(dueDay(berlin(2026, 2, 1, 0, 30))).toBe('2026-03-01');
	});

	it('lasts until the end of the last day in Berlin, summer time included', () => {
		expect(replyDueAt(berlin(2026, 1, 31)).toISOString()).toBe('2026-02-28T22:59:59.999Z');
		expect(replyDueAt(berlin(2026, 6, 10)).toISOString()).toBe('2026-07-10T21:59:59.999Z');
	});
});

describe('isOverdue', () => {
	const entry = { replyDueAt: replyDueAt(berlin(2026, 1, 31)), answeredAt: null };
	it('is overdue only after the last day has passed, and never once answered', () => {
		expect(isOverdue(entry, berlin(2026, 2, 28, 23, 59))).toBe(false);
		expect(isOverdue(entry, berlin(2026, 3, 1, 0, 0))).toBe(true);
		expect(isOverdue({ ...entry, answeredAt: berlin(2026, 3, 2) }, berlin(2026, 3, 5))).toBe(false);
	});
});
