import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '$lib/easy/checker';
import { RULE_IDS } from '$lib/easy/types';
import { DEFAULT_LETTER_EASY } from './defaultLetters';

/** The easy letter a round starts with passes the checker once its placeholders are filled as a letter fills them. */
describe('the default letter in Leichte Sprache', () => {
	it('passes the checker', () => {
		const text = DEFAULT_LETTER_EASY.replace('{anrede}', 'Hallo Lena Maurer,')
			.replace('{termin}', 'Plenum im Herbst')
			.replace('{datum}', '12. November 2026')
			.replace('{uhrzeit}', '17:00 Uhr')
			.replace('{ort}', 'Kreis-Haus, Saal 2')
			.replace('{frist}', '5. November 2026');
		const problems = checkEasyLanguage(text, { maxWords: 10, separator: 'hyphen' })
			.hints.filter((hint) => RULE_IDS.includes(hint.rule))
			.map((hint) => `${hint.rule}: "${hint.excerpt}"`);
		expect(problems).toEqual([]);
	});
});
