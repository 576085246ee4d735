import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../checker';
import type { CheckOptions } from '../types';

const longWords = (text: string, options: CheckOptions = {}) => checkEasyLanguage(text, options).hints.filter((h) => h.rule === 'long_word');

describe('long_word', () => {
	it('flags 14+ letters without a separator and suggests a split', () => {
		expect(longWords('Die Gesundheitskonferenz tagt.')).toMatchObject([
			{ excerpt: 'Gesundheitskonferenz', suggestion: 'Gesundheits·konferenz', severity: 'warning', data: { letters: 20, split: 'known' } }
		]);
		expect(longWords('Die Gesundheitskonferenz tagt.', { separator: 'hyphen' })[0].suggestion).toBe('Gesundheits-Konferenz');
		expect(longWords('Wir lesen die Datenschutzerklärung.')[0].suggestion).toBe('Daten·schutz·erklärung');
	});

	it('keeps gender marks on the last part', () => {
		expect(longWords('Die Selbstvertreter:innen reden.')[0]).toMatchObject({
			excerpt: 'Selbstvertreter:innen',
			suggestion: 'Selbst·vertreter:innen'
		});
	});

	it('checks each part of a hyphenated word', () => {
		expect(longWords('Das Gesundheitskonferenz-Büro ist offen.')).toMatchObject([{ excerpt: 'Gesundheitskonferenz' }]);
	});

	it.each(['Die Gesundheits·konferenz tagt.', 'Die Gesundheits-Konferenz tagt.', 'Die Arbeitsgruppe tagt.', 'Mehr auf www.gesundheitskonferenz-lippe.de.'])(
		'does not flag %j',
		(text) => {
			expect(longWords(text)).toEqual([]);
		}
	);

	it('accepts: long words that are no known compound get no suggestion', () => {
		const [hint] = longWords('Die Verantwortlichkeiten sind klar.');
		expect(hint.suggestion).toBeUndefined();
		expect(hint.data).toEqual({ letters: 20, split: 'none' });
	});

	it('accepts: a guessed split is marked as guessed', () => {
		expect(longWords('Die Donaudampfschifffahrt ist schön.')[0]).toMatchObject({
			suggestion: 'Donaudampfschiff·fahrt',
			data: { split: 'guessed' }
		});
	});
});
