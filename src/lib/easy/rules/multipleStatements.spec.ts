import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../checker';

const statements = (text: string) => checkEasyLanguage(text).hints.filter((h) => h.rule === 'multiple_statements');
const connectives = (text: string) => statements(text).map((h) => h.excerpt);

describe('multiple_statements', () => {
	it('flags a comma before a subordinating or coordinating conjunction', () => {
		expect(statements('Wir treffen uns, weil wir reden wollen.')).toMatchObject([{ excerpt: 'weil', severity: 'warning', data: { connective: 'weil' } }]);
		expect(connectives('Ich komme, aber ich bleibe kurz.')).toEqual(['aber']);
		expect(connectives('Wir hoffen, dass Sie kommen.')).toEqual(['dass']);
		expect(connectives('Ich weiß, dass du kommst, weil du es sagst.')).toEqual(['dass', 'weil']);
	});

	it('flags relative clauses, also after a preposition', () => {
		expect(connectives('Das ist die Frau, die uns hilft.')).toEqual(['die']);
		expect(connectives('Das ist der Raum, in dem wir reden.')).toEqual(['in dem']);
	});

	it('flags a sentence opening with a subordinator, infinitive clauses and semicolons', () => {
		expect(connectives('Wenn Sie kommen, bringen Sie Kuchen mit.')).toEqual(['Wenn']);
		expect(connectives('Wir kommen, um zu helfen.')).toEqual(['um']);
		expect(connectives('Wir essen; dann gehen wir.')).toEqual([';']);
	});

	it.each([
		'Wir treffen uns im Rathaus.',
		'Wir brauchen Stifte, die Liste und Papier.',
		'Am Montag, 15. August 2026, ist das Treffen.',
		'Wir treffen uns am Montag, um 9:00 Uhr.',
		'Wir kaufen Äpfel, Birnen und Brot.'
	])('does not flag %j', (text) => {
		expect(statements(text)).toEqual([]);
	});

	it('accepts: an adjective after the article in a list reads as a relative clause', () => {
		expect(connectives('Wir brauchen Stifte, die neue Liste und Papier.')).toEqual(['die']);
	});

	it('accepts: aber between two adjectives is flagged', () => {
		expect(connectives('Das ist klein, aber fein.')).toEqual(['aber']);
	});

	it('accepts: clauses joined without a comma are not found', () => {
		expect(statements('Wir essen und dann gehen wir nach Hause.')).toEqual([]);
	});
});
