import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../checker';
import type { CheckOptions } from '../types';

const abbreviations = (text: string, options: CheckOptions = {}) => checkEasyLanguage(text, options).hints.filter((h) => h.rule === 'abbreviation');

describe('abbreviation', () => {
	it('flags dotted abbreviations with the words written out', () => {
		expect(abbreviations('Wir essen z. B. Kuchen.')).toMatchObject([
			{ excerpt: 'z. B.', suggestion: 'zum Beispiel', severity: 'info', data: { kind: 'dotted', abbreviation: 'z.b.' } }
		]);
		expect(abbreviations('Wir essen z.B. Kuchen.')[0].suggestion).toBe('zum Beispiel');
		expect(abbreviations('Z. B. Kuchen ist lecker.')[0].suggestion).toBe('Zum Beispiel');
		expect(abbreviations('Wir kaufen Äpfel, Birnen usw.')[0].suggestion).toBe('und so weiter');
		expect(abbreviations('Es kommen ca. 20 Leute.')[0].suggestion).toBe('ungefähr');
		expect(abbreviations('Rufen Sie an: Tel. 05231 123.')[0].suggestion).toBe('Telefon');
		expect(abbreviations('Bringen Sie ggf. eine Begleitung mit.')[0].suggestion).toBe('wenn nötig');
	});

	it('reads Fr. before a date as Freitag, otherwise as Frau; weekdays only before a date', () => {
		expect(abbreviations('Am Fr., 14. August ist Pause.')[0].suggestion).toBe('Freitag');
		expect(abbreviations('Fr. Meier kommt.')[0].suggestion).toBe('Frau');
		expect(abbreviations('Am So. 16. August ist Pause.')[0].suggestion).toBe('Sonntag');
	});

	it('flags acronyms, writing out known ones with the separator', () => {
		expect(abbreviations('Die AOK hilft.')).toMatchObject([{ excerpt: 'AOK', data: { kind: 'acronym', abbreviation: 'AOK' } }]);
		expect(abbreviations('Die AOK hilft.')[0].suggestion).toBeUndefined();
		expect(abbreviations('Die AG trifft sich.')[0].suggestion).toBe('Arbeits·gruppe');
		expect(abbreviations('Der TOP 3 ist wichtig.', { separator: 'hyphen' })[0].suggestion).toBe('Tages-Ordnungs-Punkt');
		expect(abbreviations('Die AOK-Beratung ist gut.')[0].excerpt).toBe('AOK');
	});

	it.each(['Das ist so. Dann gehen wir.', 'Das sagt Max. Er lacht.', 'Wir lesen das Buch.', 'Das Treffen ist im Mai.', 'Mehr auf www.aok.de.'])(
		'does not flag %j',
		(text) => {
			expect(abbreviations(text)).toEqual([]);
		}
	);

	it('does not read roman numerals as acronyms', () => {
		expect(abbreviations('Das steht im SGB II.').map((h) => h.excerpt)).toEqual(['SGB']);
	});

	it('accepts: well-known acronyms, legal forms and shouting are flagged too', () => {
		expect(abbreviations('Die Diakonie GmbH hilft.').map((h) => h.excerpt)).toEqual(['GmbH']);
		expect(abbreviations('Das ist WICHTIG.').map((h) => h.excerpt)).toEqual(['WICHTIG']);
	});
});
