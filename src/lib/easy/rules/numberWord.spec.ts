import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../checker';

const numberWords = (text: string) => checkEasyLanguage(text).hints.filter((h) => h.rule === 'number_word');

describe('number_word', () => {
	it('flags numbers written as words and suggests digits', () => {
		expect(numberWords('Es kommen drei Leute.')).toMatchObject([{ excerpt: 'drei', suggestion: '3', severity: 'warning', data: { word: 'drei', value: 3 } }]);
		expect(numberWords('Zwölf Menschen sind da.')[0].suggestion).toBe('12');
		expect(numberWords('Wir brauchen einundzwanzig Stühle.')[0].suggestion).toBe('21');
		expect(numberWords('Das kostet zweitausend Euro.')[0].suggestion).toBe('2000');
		expect(numberWords('Punkt eins ist wichtig.')[0].suggestion).toBe('1');
	});

	it('flags -mal, fractions and clock hours', () => {
		expect(numberWords('Wir treffen uns zweimal.')[0].suggestion).toBe('2-mal');
		expect(numberWords('Ein Drittel der Leute kommt.')[0]).toMatchObject({
			excerpt: 'Ein Drittel',
			suggestion: '1 von 3',
			data: { numerator: 1, denominator: 3 }
		});
		expect(numberWords('Drei Viertel sind da.')[0].suggestion).toBe('3 von 4');
		expect(numberWords('Wir treffen uns um neun Uhr.')[0]).toMatchObject({ excerpt: 'neun Uhr', suggestion: '9:00 Uhr' });
	});

	it.each([
		'Ein Mann und eine Frau kommen.',
		'Wir treffen uns noch einmal.',
		'Der erste Termin ist im Mai.',
		'Die Hälfte kommt.',
		'Wir lassen das außer Acht.',
		'Tausende Menschen kommen.',
		'Das Treffen ist um halb neun.',
		'Wir treffen uns um Viertel nach neun.',
		'Wir kommen um 3 Uhr.'
	])('does not flag %j', (text) => {
		expect(numberWords(text)).toEqual([]);
	});

	it('accepts: the noun Elf (a team) is flagged', () => {
		expect(numberWords('Die Elf spielt heute.')).toHaveLength(1);
	});
});
