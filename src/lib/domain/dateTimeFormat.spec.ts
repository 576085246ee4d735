import { describe, expect, it } from 'vitest';
import { DATE_TIME_FORMATS_LIMIT, dateTimeFormat, dateTimeFormatsKept } from './dateTimeFormat';
import { calendarDayInZone, toDateTimeLocalValue, wallClockInZone } from './time';
import { easyDate, easyTime } from '../easy/format';

describe('dateTimeFormat', () => {
	it('makes one formatter per locale, options and time zone and hands it out again', () => {
		const a = dateTimeFormat('de-DE', { timeStyle: 'short', timeZone: 'Europe/Berlin' });
		expect(dateTimeFormat('de-DE', { timeStyle: 'short', timeZone: 'Europe/Berlin' })).toBe(a);
		expect(dateTimeFormat('en-GB', { timeStyle: 'short', timeZone: 'Europe/Berlin' })).not.toBe(a);
		expect(dateTimeFormat('de-DE', { timeStyle: 'short', timeZone: 'UTC' })).not.toBe(a);
		expect(dateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'Europe/Berlin' })).not.toBe(a);
	});

	it('formats exactly as a new formatter would, in each zone', () => {
		const at = new Date('2026-07-01T10:05:00Z');
		expect(dateTimeFormat('de-DE', { timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(at)).toBe('12:05');
		expect(dateTimeFormat('de-DE', { timeStyle: 'short', timeZone: 'UTC' }).format(at)).toBe('10:05');
		expect(easyTime(at, 'de')).toBe('12:05 Uhr');
		expect(easyDate(at, 'de')).toBe('1. Juli 2026');
	});

	it('keeps no more than its limit, whatever locales and zones come in', () => {
		const zones = Intl.supportedValuesOf('timeZone').slice(0, DATE_TIME_FORMATS_LIMIT * 2);
		for (const timeZone of zones) dateTimeFormat('de-DE', { timeStyle: 'short', timeZone });
		expect(dateTimeFormatsKept()).toBe(DATE_TIME_FORMATS_LIMIT);
		// The ones in use are made again when needed, and still right.
		expect(dateTimeFormat('de-DE', { timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date('2026-01-01T10:05:00Z'))).toBe('11:05');
	});

	it('refuses an unknown time zone as Intl does, and keeps nothing of it', () => {
		const before = dateTimeFormatsKept();
		expect(() => dateTimeFormat('de-DE', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
		expect(dateTimeFormatsKept()).toBe(before);
	});

	it('keeps the zone arithmetic right across daylight saving', () => {
		expect(wallClockInZone(2026, 3, 29, 3, 30).toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(toDateTimeLocalValue(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25T02:30');
		expect(calendarDayInZone(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
	});

	it('is what makes formatting cheap: a thousand times costs less than making a few formatters', () => {
		const options = { timeStyle: 'short', timeZone: 'Europe/Berlin' } as const;
		const at = new Date();
		dateTimeFormat('de-DE', options).format(at);
		const t0 = performance.now();
		for (let i = 0; i < 1000; i++) dateTimeFormat('de-DE', options).format(at);
		const reused = performance.now() - t0;
		const t1 = performance.now();
		for (let i = 0; i < 1000; i++) new Intl.DateTimeFormat('de-DE', options).format(at);
		const fresh = performance.now() - t1;
		expect(reused).toBeLessThan(fresh);
	});
});
