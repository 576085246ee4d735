import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../checker';
import { dativeFromGenitive } from './genitive';

const genitives = (text: string) => checkEasyLanguage(text).hints.filter((h) => h.rule === 'genitive');

describe('genitive', () => {
	it('flags des + noun and suggests vom', () => {
		const [hint] = genitives('Das ist der Plan des Landkreises.');
		expect(hint).toMatchObject({
			excerpt: 'des Landkreises',
			suggestion: 'vom Landkreis',
			severity: 'warning',
			data: { article: 'des', noun: 'Landkreises' }
		});
		expect(genitives('Die Adresse des Gesundheitsamtes ist neu.')[0].suggestion).toBe('vom Gesundheitsamt');
		expect(genitives('Der Eingang des Gebäudes ist hinten.')[0].suggestion).toBe('vom Gebäude');
	});

	it('keeps adjectives between article and noun', () => {
		expect(genitives('Die Sitzung des neuen Beirats beginnt.')[0]).toMatchObject({
			excerpt: 'des neuen Beirats',
			suggestion: 'vom neuen Beirat'
		});
	});

	it('flags eines + noun in -s and suggests von einem', () => {
		expect(genitives('Das ist die Meinung eines Mitglieds.')[0]).toMatchObject({
			excerpt: 'eines Mitglieds',
			suggestion: 'von einem Mitglied',
			severity: 'warning'
		});
	});

	it('flags der/einer after a noun as info, without a suggestion', () => {
		const [hint] = genitives('Die Sitzung der Arbeitsgruppe beginnt.');
		expect(hint).toMatchObject({ excerpt: 'der Arbeitsgruppe', severity: 'info', data: { article: 'der', noun: 'Arbeitsgruppe' } });
		expect(hint.suggestion).toBeUndefined();
		expect(genitives('Wir hören die Meinung einer Frau.')[0]).toMatchObject({ excerpt: 'einer Frau', severity: 'info' });
	});

	it.each([
		'Der Landkreis lädt ein.',
		'Wir gehen in der Stadt spazieren.',
		'Eines ist klar.',
		'Wir reden mit einer Frau.',
		'Geben Sie der Frau das Geld.',
		'Heute kommt der Arzt.',
		'Die Frau, der wir helfen, ist da.'
	])('does not flag %j', (text) => {
		expect(genitives(text)).toEqual([]);
	});

	it('accepts: a dative after a noun (two objects) is flagged as info', () => {
		expect(genitives('Heute hilft Frau Meier der Gruppe.')).toMatchObject([{ excerpt: 'der Gruppe', severity: 'info' }]);
	});

	it('accepts: weak nouns are flagged without a suggestion', () => {
		const [hint] = genitives('Das ist das Auto des Kollegen.');
		expect(hint.excerpt).toBe('des Kollegen');
		expect(hint.suggestion).toBeUndefined();
	});

	it('accepts: the s-genitive of names is not flagged', () => {
		expect(genitives('Annas Buch liegt hier.')).toEqual([]);
	});
});

describe('dativeFromGenitive', () => {
	it.each([
		['Landkreises', 'Landkreis'],
		['Tages', 'Tag'],
		['Vereins', 'Verein'],
		['Gebäudes', 'Gebäude'],
		['Namens', 'Name'],
		['Zeugnisses', 'Zeugnis'],
		['Gesetzes', 'Gesetz'],
		['Teams', 'Team']
	])('%s → %s', (genitive, dative) => {
		expect(dativeFromGenitive(genitive)).toBe(dative);
	});

	it('gives null without -s', () => {
		expect(dativeFromGenitive('Kollegen')).toBeNull();
	});
});
