import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../checker';
import { MAX_SPAN_WORDS } from './hint';

const negations = (text: string) => checkEasyLanguage(text).hints.filter((h) => h.rule === 'negation');

describe('negation', () => {
	it('flags negating words as info', () => {
		expect(negations('Das ist nicht schwer.')).toMatchObject([{ excerpt: 'nicht', severity: 'info', data: { word: 'nicht' } }]);
		expect(negations('Wir haben keine Zeit.')[0].excerpt).toBe('keine');
		expect(negations('Niemand muss Geld bezahlen.')[0].data).toEqual({ word: 'niemand' });
		expect(negations('Das kostet nichts.')).toHaveLength(1);
		expect(negations('Wir kommen nie zu spät.')).toHaveLength(1);
	});

	it('flags weder … noch as one hint', () => {
		expect(negations('Weder Hunde noch Katzen dürfen rein.')).toMatchObject([{ excerpt: 'Weder Hunde noch', data: { word: 'weder' } }]);
	});

	it.each(['Das ist leicht.', 'Die Nichte kommt.', 'Jedenfalls kommt er.'])('does not flag %j', (text) => {
		expect(negations(text)).toEqual([]);
	});

	it('decided: negating prefixes are not flagged', () => {
		expect(negations('Das ist unmöglich.')).toEqual([]);
		expect(negations('Der Raum ist barrierefrei.')).toEqual([]);
		expect(negations('Die Sitzung ist nicht-öffentlich.')).toEqual([]);
	});

	it('joins weder with the next noch only within MAX_SPAN_WORDS words', () => {
		const between = (n: number) => `Weder ${'sehr '.repeat(n - 1)}noch.`;
		expect(negations(between(MAX_SPAN_WORDS))[0].excerpt).toBe(`Weder ${'sehr '.repeat(MAX_SPAN_WORDS - 1)}noch`);
		expect(negations(between(MAX_SPAN_WORDS + 1))[0].excerpt).toBe('Weder');
		expect(negations('Weder A noch B, weder C noch D.').map((h) => h.excerpt)).toEqual(['Weder A noch', 'weder C noch']);
	});
});
