import { describe, expect, it } from 'vitest';
import { joinParts, splitCompound, suggestSplit } from './compounds';

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
