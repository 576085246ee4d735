import { describe, expect, it } from 'vitest';
import { endOfDayInZone, toDateTimeLocalValue, wallClockInZone } from './time';

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
