import { describe, expect, it } from 'vitest';
import { joinParts, MAX_SPLIT_LETTERS, splitCompound, suggestSplit } from './compounds';
import { measureWork } from './testing/workMeter';

describe('splitCompound', () => {
	it.each([
		['Gesundheitskonferenz', 'Gesundheits·konferenz', 'Gesundheits-Konferenz'],
		['Tagesordnungspunkt', 'Tages·ordnungs·punkt', 'Tages-Ordnungs-Punkt'],
		['Aufwandsentschädigung', 'Aufwands·entschädigung', 'Aufwands-Entschädigung'],
		['Gebärdensprachdolmetscher', 'Gebärden·sprach·dolmetscher', 'Gebärden-Sprach-Dolmetscher'],
		['Datenschutzerklärung', 'Daten·schutz·erklärung', 'Daten-Schutz-Erklärung'],
		['Krankenversicherung', 'Kranken·versicherung', 'Kranken-Versicherung'],
		['Gesundheitskonferenzen', 'Gesundheits·konferenzen', 'Gesundheits-Konferenzen'],
		['Selbstvertreterinnen', 'Selbst·vertreterinnen', 'Selbst-Vertreterinnen'],
		['Ehrenamtspauschale', 'Ehrenamts·pauschale', 'Ehrenamts-Pauschale'],
		['Schwerbehindertenausweis', 'Schwer·behinderten·ausweis', 'Schwer-Behinderten-Ausweis']
	])('splits %s at known parts', (word, medio, hyphen) => {
		expect(splitCompound(word)?.known).toBe(true);
		expect(suggestSplit(word, 'mediopunkt')).toBe(medio);
		expect(suggestSplit(word, 'hyphen')).toBe(hyphen);
	});

	it('keeps the small letter after a hyphen in words that are not nouns', () => {
		expect(suggestSplit('stimmberechtigt', 'hyphen')).toBe('stimm-berechtigt');
		expect(suggestSplit('behindertengerecht', 'mediopunkt')).toBe('behinderten·gerecht');
	});

	it('guesses honestly when only the head is known', () => {
		expect(splitCompound('Donaudampfschifffahrt')).toEqual({ parts: ['Donaudampfschiff', 'fahrt'], known: false });
	});

	it('gives no split when nothing is known', () => {
		expect(splitCompound('Verantwortlichkeiten')).toBeNull();
		expect(splitCompound('Wahrscheinlichkeit')).toBeNull();
		expect(suggestSplit('Verantwortlichkeiten', 'hyphen')).toBeNull();
	});

	it('leaves words with other characters alone', () => {
		expect(splitCompound('Gesundheits-Konferenz')).toBeNull();
		expect(splitCompound('abc123')).toBeNull();
	});

	it('joins the parts back to the word', () => {
		const split = splitCompound('Gesundheitskonferenz')!;
		expect(split.parts.join('')).toBe('Gesundheitskonferenz');
		expect(joinParts(['Arbeits', 'gruppe'], 'hyphen')).toBe('Arbeits-Gruppe');
	});
});

describe('splitCompound guesses', () => {
	it('does not split before a derivational suffix or at a short head', () => {
		expect(splitCompound('gesundheitliche')).toBeNull();
		expect(splitCompound('vielversprechende')).toBeNull();
	});

	it('guesses from a known first part', () => {
		expect(splitCompound('Gesundheitswesen')).toEqual({ parts: ['Gesundheits', 'wesen'], known: false });
	});
});

describe('splitCompound bounds its work before doing it', () => {
	// Units of work per letter (see testing/workMeter.ts): a candidate part is never longer than the
	// longest morpheme, so each letter starts at most that many lookups of short parts.
	const WORK_PER_LETTER = 150;

	it(`does not try to split a word longer than any German word (${MAX_SPLIT_LETTERS} letters)`, () => {
		const word = 'Gesundheit'.repeat(100);
		const { result, work } = measureWork(() => splitCompound(word));
		expect(result).toBeNull();
		expect(work).toBe(0);
	});

	it.each([
		['made of known parts', (n: number) => 'Amt'.repeat(n / 3)],
		['of unknown letters', (n: number) => 'x'.repeat(n)]
	])('looks at a bounded number of parts per letter in a word %s, so twice the word is twice the work', (_, word) => {
		const half = measureWork(() => splitCompound(word(30))).work;
		const full = measureWork(() => splitCompound(word(60))).work;
		expect(full).toBeLessThanOrEqual(WORK_PER_LETTER * 60);
		expect(full / half).toBeLessThan(2.5);
	});

	it('still splits the longest words in use', () => {
		expect(suggestSplit('Gesundheitskonferenzgeschäftsstellenleiterinnen', 'mediopunkt')).toBe('Gesundheits·konferenz·geschäfts·stellen·leiterinnen');
	});
});
