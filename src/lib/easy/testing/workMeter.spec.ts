import { describe, expect, it } from 'vitest';
import { measureWork, WorkBudgetExceeded } from './workMeter';

describe('measureWork', () => {
	it('counts the characters a loop copies', () => {
		const text = 'a'.repeat(100);
		const { work } = measureWork(() => {
			for (let i = 0; i < text.length; i++) text.slice(i);
		});
		// 100 slices of 100, 99, … 1 characters, one unit each besides.
		expect(work).toBe(100 + (100 * 101) / 2);
	});

	it('stops quadratic work once it passes the budget, and gives the built-ins back', () => {
		const text = 'a'.repeat(1_000_000);
		const slice = String.prototype.slice;
		let slices = 0;
		expect(() =>
			measureWork(() => {
				for (let i = 0; i < text.length; i++, slices++) text.slice(i);
			}, 10_000_000)
		).toThrow(WorkBudgetExceeded);
		// Ten slices of a million characters pass ten million units: it stopped there, not after hours.
		expect(slices).toBeLessThan(11);
		expect(String.prototype.slice).toBe(slice);
		expect(measureWork(() => 'abc'.slice(1)).work).toBe(3);
	});
});
