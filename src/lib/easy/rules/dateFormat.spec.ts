import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../checker';

const dates = (text: string) => checkEasyLanguage(text).hints.filter((h) => h.rule === 'date_format');
const suggestions = (text: string) => dates(text).map((h) => [h.excerpt, h.suggestion]);

describe('date_format', () => {
	it('flags numeric dates and suggests the easy form', () => {
		expect(dates('Das Treffen ist am 15.08.2026.')).toMatchObject([
			{ excerpt: '15.08.2026', suggestion: '15. August 2026', severity: 'warning', data: { kind: 'numeric', day: 15, month: 8, year: 2026 } }
		]);
		expect(suggestions('Am 15.8. ist das Fest.')).toEqual([['15.8.', '15. August']]);
		expect(suggestions('Am 15. 8. 2026 ist das Fest.')).toEqual([['15. 8. 2026', '15. August 2026']]);
		expect(suggestions('Am 1.3.26 ist das Fest.')).toEqual([['1.3.26', '1. März 2026']]);
		expect(suggestions('Am 15.08 ist das Fest.')).toEqual([['15.08', '15. August']]);
	});

	it('flags ISO dates, short month names, leading zeros and a missing dot', () => {
		expect(suggestions('Termin: 2026-08-15')).toEqual([['2026-08-15', '15. August 2026']]);
		expect(suggestions('Am 15. Aug. 2026 ist das Fest.')).toEqual([['15. Aug. 2026', '15. August 2026']]);
		expect(suggestions('Am 05. August ist das Fest.')).toEqual([['05. August', '5. August']]);
		expect(suggestions('Am 15 August 2026 ist das Fest.')).toEqual([['15 August 2026', '15. August 2026']]);
	});

	it.each([
		'Am Montag, 15. August 2026, ist das Treffen.',
		'Das Treffen ist im August 2026.',
		'Wir treffen uns um 10.10.',
		'Am 32.13.2026 ist nichts.',
		'Am 3. Tag essen wir.',
		'Das Treffen beginnt um 9:00 Uhr.'
	])('does not flag %j', (text) => {
		expect(dates(text)).toEqual([]);
	});

	it('accepts: a day.month without the last dot is read as a time when the second number is a multiple of 5', () => {
		const hints = checkEasyLanguage('Am 10.10 ist das Fest.').hints;
		expect(hints.map((h) => h.rule)).toEqual(['time_format']);
	});
});
