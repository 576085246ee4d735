// No database: the test script's clock arithmetic.
import { describe, expect, it } from 'vitest';
import { minutesToMidnight, waitBeforeRun } from '../../scripts/lib/dayChange.mjs';

// The browser tests' sitting of today is seeded at the start of the run; the test script holds
// back a run that would pass midnight in Berlin, where that sitting would become yesterday's.
describe('the test run and midnight in Berlin', () => {
	it('counts the minutes to midnight on Berlin’s clock, in winter and in summer', () => {
		expect(minutesToMidnight(new Date('2026-12-03T22:36:00Z'))).toBe(24);
		expect(minutesToMidnight(new Date('2026-07-03T21:36:00Z'))).toBe(24);
		expect(minutesToMidnight(new Date('2026-12-03T23:00:00Z'))).toBe(24 * 60);
	});

	it('lets a run start that ends before midnight, and holds one back until just after it', () => {
		expect(waitBeforeRun(35, new Date('2026-12-04T02:30:00Z'))).toBe(0);
		expect(waitBeforeRun(35, new Date('2026-12-03T22:20:00Z'))).toBe(0);
		// This is the run that failed: it started at 23:36 and its plenary tests ran after midnight.
		expect(waitBeforeRun(35, new Date('2026-12-03T22:36:00Z'))).toBe(24.5);
		expect(waitBeforeRun(35, new Date('2026-12-03T22:59:30Z'))).toBe(1);
	});
});
