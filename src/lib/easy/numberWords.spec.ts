import { describe, expect, it } from 'vitest';
import { formatNumber, parseNumberWord } from './numberWords';

describe('parseNumberWord', () => {
	it.each([
		['eins', 1],
		['Zwei', 2],
		['zwölf', 12],
		['siebzehn', 17],
		['zwanzig', 20],
		['einundzwanzig', 21],
		['dreiundvierzig', 43],
		['hundert', 100],
		['zweihundertfünfzig', 250],
		['hunderteins', 101],
		['tausend', 1000],
		['dreitausendzweihundert', 3200],
		['zwanzigtausend', 20000],
		['null', 0]
	])('%s is %i', (word, value) => {
		expect(parseNumberWord(word)).toBe(value);
	});

	it.each(['ein', 'eine', 'einen', 'einer', 'Achtung', 'zweite', 'Zweifel', 'Tausende', 'elfte'])('%s is not a number', (word) => {
		expect(parseNumberWord(word)).toBeNull();
	});
});

describe('parseNumberWord and the words every object has', () => {
	it.each(['constructor', 'dreiundconstructor', 'constructorhundert', 'constructortausend'])('%s is no number', (word) => {
		expect(parseNumberWord(word)).toBeNull();
	});
});

describe('formatNumber', () => {
	it('groups from five digits', () => {
		expect(formatNumber(3)).toBe('3');
		expect(formatNumber(3200)).toBe('3200');
		expect(formatNumber(20000)).toBe('20.000');
		expect(formatNumber(1250000)).toBe('1.250.000');
	});
});
