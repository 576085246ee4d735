import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../checker';
import { easyShare } from './percentage';

const percentages = (text: string) => checkEasyLanguage(text).hints.filter((h) => h.rule === 'percentage');

describe('percentage', () => {
	it('flags % and Prozent with an easy share', () => {
		expect(percentages('50 % der Menschen kommen.')).toMatchObject([{ excerpt: '50 %', suggestion: 'die Hälfte', severity: 'info', data: { value: 50 } }]);
		expect(percentages('30 Prozent sind dafür.')[0].suggestion).toBe('3 von 10');
		expect(percentages('95% sind dafür.')[0].suggestion).toBe('fast alle');
		expect(percentages('fünfzig Prozent sind dafür.')[0]).toMatchObject({ excerpt: 'fünfzig Prozent', suggestion: 'die Hälfte' });
	});

	it('flags Prozent without a number, without a suggestion', () => {
		const [hint] = percentages('Viele Prozent sind dafür.');
		expect(hint.excerpt).toBe('Prozent');
		expect(hint.suggestion).toBeUndefined();
	});

	it.each(['Die Hälfte kommt.', '3 von 10 Menschen kommen.', 'Fast alle sind dafür.'])('does not flag %j', (text) => {
		expect(percentages(text)).toEqual([]);
	});

	it('accepts: prozentual and Prozentsatz are not flagged', () => {
		expect(percentages('Der Prozentsatz steigt prozentual.')).toEqual([]);
	});
});

describe('easyShare', () => {
	it.each([
		[100, 'alle'],
		[92, 'fast alle'],
		[50, 'die Hälfte'],
		[25, '1 von 4'],
		[75, '3 von 4'],
		[33.3, '1 von 3'],
		[67, '2 von 3'],
		[42, '4 von 10'],
		[5, '1 von 20'],
		[0, 'keine']
	])('%d %% → %s', (value, share) => {
		expect(easyShare(value)).toBe(share);
	});

	it('has none above 100', () => {
		expect(easyShare(150)).toBeNull();
	});
});
