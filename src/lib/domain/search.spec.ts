import { describe, expect, it } from 'vitest';
import { matchesSearch } from './search';

describe('matchesSearch', () => {
	it.each([
		['özd', 'Özdemir'],
		['muller', 'Müller'],
		['MÜLLER', 'Müller'],
		['strasse', 'Straßenambulanz'],
		['caritas', 'Caritasverband Musterstadt']
	])('finds “%s” in “%s”', (term, field) => {
		expect(matchesSearch(term, field)).toBe(true);
	});

	it('matches any of the fields and treats an empty term as everything', () => {
		expect(matchesSearch('aok', 'Jens Hoffmann', null, 'AOK Musterstadt')).toBe(true);
		expect(matchesSearch('tk', 'Jens Hoffmann', 'j@aok.example')).toBe(false);
		expect(matchesSearch('  ', 'anything')).toBe(true);
	});
});
