import { describe, expect, it } from 'vitest';
import { DATE_YEARS, endOfDayInZone, isCalendarDay, isDayInRange, toDateTimeLocalValue, utcTime, wallClockInZone } from './time';

describe('endOfDayInZone', () => {
	it('ends a summer day at 23:59:59.999 Berlin time (21:59 UTC)', () => {
		expect(endOfDayInZone(2026, 6, 30).toISOString()).toBe('2026-06-30T21:59:59.999Z');
	});

	it('ends a winter day at 23:59:59.999 Berlin time (22:59 UTC)', () => {
		expect(endOfDayInZone(2026, 12, 24).toISOString()).toBe('2026-12-24T22:59:59.999Z');
	});

	it('handles the days of the daylight-saving switches', () => {
		expect(endOfDayInZone(2026, 3, 29).toISOString()).toBe('2026-03-29T21:59:59.999Z');
		expect(endOfDayInZone(2026, 10, 25).toISOString()).toBe('2026-10-25T22:59:59.999Z');
	});
});

describe('wallClockInZone and toDateTimeLocalValue', () => {
	it('reads a session start as Berlin time, summer and winter, and shows it back the same', () => {
		expect(wallClockInZone(2026, 5, 14, 17, 0).toISOString()).toBe('2026-05-14T15:00:00.000Z');
		expect(wallClockInZone(2026, 11, 26, 17, 0).toISOString()).toBe('2026-11-26T16:00:00.000Z');
		expect(toDateTimeLocalValue(new Date('2026-05-14T15:00:00Z'))).toBe('2026-05-14T17:00');
		expect(toDateTimeLocalValue(new Date('2026-11-26T16:00:00Z'))).toBe('2026-11-26T17:00');
	});
});

describe('dates of the years 0–99 and the range people may type', () => {
	it('builds the years 0–99 as themselves, not as 1900–1999 (Date.UTC does)', () => {
		expect(new Date(utcTime(24, 5, 1)).toISOString()).toBe('0024-05-01T00:00:00.000Z');
		expect(new Date(utcTime(2026, 5, 14, 17, 30)).toISOString()).toBe('2026-05-14T17:30:00.000Z');
		expect(wallClockInZone(24, 5, 1, 12, 0).getUTCFullYear()).toBe(24);
		expect(endOfDayInZone(99, 12, 31).getUTCFullYear()).toBe(99);
	});

	it('knows the days of the calendar, leap years of every century included', () => {
		expect(isCalendarDay(2028, 2, 29)).toBe(true);
		expect(isCalendarDay(2100, 2, 29)).toBe(false);
		expect(isCalendarDay(2000, 2, 29)).toBe(true);
		expect(isCalendarDay(24, 2, 29)).toBe(true);
		expect(isCalendarDay(2026, 2, 30)).toBe(false);
		expect(isCalendarDay(2026, 13, 1)).toBe(false);
	});

	it(`takes days from ${DATE_YEARS.first} to ${DATE_YEARS.last} only`, () => {
		expect(isDayInRange(`${DATE_YEARS.first}-01-01`)).toBe(true);
		expect(isDayInRange(`${DATE_YEARS.last}-12-31`)).toBe(true);
		expect(isDayInRange(`${DATE_YEARS.first - 1}-12-31`)).toBe(false);
		expect(isDayInRange(`${DATE_YEARS.last + 1}-01-01`)).toBe(false);
		expect(isDayInRange('0024-05-01')).toBe(false);
		expect(isDayInRange('2026-02-30')).toBe(false);
		expect(isDayInRange('morgen')).toBe(false);
	});
});
