import { describe, expect, it } from 'vitest';
import { endOfDayInZone } from './time';

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
