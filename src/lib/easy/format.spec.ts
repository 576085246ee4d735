import { describe, expect, it } from 'vitest';
import { wallClockInZone } from '../domain/time';
import { easyDate, easyTime, sameDayInZone, startOfDayInZone } from './format';

describe('easy dates and times', () => {
	const morning = wallClockInZone(2026, 8, 15, 9, 0);
	it('writes the date with the month as a word', () => {
		expect(easyDate(morning, 'de')).toBe('15. August 2026');
		expect(easyDate(morning, 'en')).toBe('15 August 2026');
	});
	it('writes the time without a leading zero, in German with "Uhr"', () => {
		expect(easyTime(morning, 'de')).toBe('9:00 Uhr');
		expect(easyTime(wallClockInZone(2026, 8, 15, 17, 30), 'de')).toBe('17:30 Uhr');
		expect(easyTime(morning, 'en')).toBe('9:00');
	});
	it('keeps Berlin time whatever the instant in UTC', () => {
		// 23:30 in Berlin in summer is 21:30 UTC, still the same Berlin day.
		const late = wallClockInZone(2026, 8, 15, 23, 30);
		expect(easyDate(late, 'de')).toBe('15. August 2026');
		expect(sameDayInZone(late, morning)).toBe(true);
		expect(sameDayInZone(wallClockInZone(2026, 8, 16, 0, 10), morning)).toBe(false);
		expect(startOfDayInZone(late).getTime()).toBe(wallClockInZone(2026, 8, 15, 0, 0).getTime());
	});
});
