import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../checker';

const times = (text: string) => checkEasyLanguage(text).hints.filter((h) => h.rule === 'time_format');
const suggestions = (text: string) => times(text).map((h) => [h.excerpt, h.suggestion, h.data?.kind]);

describe('time_format', () => {
	it('flags dots, missing Uhr, leading zeros and h', () => {
		expect(times('Wir beginnen um 9.00 Uhr.')).toMatchObject([
			{ excerpt: '9.00 Uhr', suggestion: '9:00 Uhr', severity: 'warning', data: { kind: 'dot', hour: 9, minute: 0 } }
		]);
		expect(suggestions('Pause ist um 14.30.')).toEqual([['14.30', '14:30 Uhr', 'dot']]);
		expect(suggestions('Wir beginnen um 09:00.')).toEqual([['09:00', '9:00 Uhr', 'no_uhr']]);
		expect(suggestions('Wir beginnen um 09:00 Uhr.')).toEqual([['09:00 Uhr', '9:00 Uhr', 'leading_zero']]);
		expect(suggestions('Beginn: 9h')).toEqual([['9h', '9:00 Uhr', 'h']]);
		expect(suggestions('Beginn: 9 h')).toEqual([['9 h', '9:00 Uhr', 'h']]);
		expect(suggestions('Beginn: 9:30h')).toEqual([['9:30h', '9:30 Uhr', 'h']]);
		expect(suggestions('Beginn um 9 Uhr 30.')).toEqual([['9 Uhr 30', '9:30 Uhr', 'uhr_minutes']]);
	});

	it('flags ranges and writes them with von … bis', () => {
		expect(suggestions('Sprechzeit: 9:00–12:00 Uhr')).toEqual([['9:00–12:00 Uhr', 'von 9:00 Uhr bis 12:00 Uhr', 'range']]);
		expect(suggestions('Wir sind von 9.00 - 12.00 Uhr da.')).toEqual([['9.00 - 12.00 Uhr', '9:00 Uhr bis 12:00 Uhr', 'range']]);
	});

	it('flags spoken times', () => {
		expect(suggestions('Wir treffen uns um halb neun.')).toEqual([['halb neun', '8:30 Uhr', 'spoken']]);
		expect(suggestions('Um Viertel nach neun geht es los.')).toEqual([['Viertel nach neun', '9:15 Uhr', 'spoken']]);
		expect(suggestions('Um Viertel vor 9 Uhr geht es los.')).toEqual([['Viertel vor 9 Uhr', '8:45 Uhr', 'spoken']]);
		expect(suggestions('Um halb eins essen wir.')).toEqual([['halb eins', '12:30 Uhr', 'spoken']]);
	});

	it('flags a full hour without minutes as info', () => {
		expect(times('Wir beginnen um 9 Uhr.')).toMatchObject([{ excerpt: '9 Uhr', suggestion: '9:00 Uhr', severity: 'info', data: { kind: 'no_minutes' } }]);
	});

	it.each([
		'Wir beginnen um 9:00 Uhr.',
		'Pause ist um 14:30 Uhr.',
		'Das kostet 9.50 Euro.',
		'Es steht 3:1.',
		'Das Glas ist halb voll.',
		'Am 15.08.2026 ist das Fest.'
	])('does not flag %j', (text) => {
		expect(times(text)).toEqual([]);
	});

	it('accepts: spoken times take the morning reading', () => {
		expect(times('Am Abend um halb acht essen wir.')[0].suggestion).toBe('7:30 Uhr');
	});

	it('accepts: a duration in h is read as a clock time', () => {
		expect(times('Sie haben 24 h Zeit.')[0].suggestion).toBe('24:00 Uhr');
	});
});
