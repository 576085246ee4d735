import { describe, expect, it } from 'vitest';
import { scoreSentences, syllables } from './scores';
import { splitSentences } from './sentences';

const score = (text: string) => scoreSentences(splitSentences(text));

describe('syllables', () => {
	it.each([
		['Haus', 1],
		['Konferenz', 3],
		['Gesundheit', 3],
		['beantragen', 4],
		['Leute', 2],
		['Quelle', 2],
		['Theater', 3],
		['Gesundheits·konferenz', 6],
		['2026', 1],
		['AOK', 2]
	])('%s has %i', (word, count) => {
		expect(syllables(word)).toBe(count);
	});

	it('accepts: hiatus after i and in -eum counts one short (Familie 3, Museum 2)', () => {
		expect(syllables('Familie')).toBe(3);
		expect(syllables('Museum')).toBe(2);
	});
});

describe('scoreSentences', () => {
	it('computes Flesch–Amstad and LIX', () => {
		// 2 sentences, 7 words, 10 syllables, 1 long word (Rathaus has 7 letters).
		const s = score('Wir gehen heute.\nDas Rathaus ist groß.');
		expect(s.sentences).toBe(2);
		expect(s.words).toBe(7);
		expect(s.averageSentenceLength).toBe(3.5);
		// 180 − 3.5 − 58.5 × 10/7 = 92.93
		expect(s.fleschAmstad).toBe(92.9);
		// 3.5 + 100 × 1/7 = 17.79
		expect(s.lix).toBe(17.8);
	});

	it('clamps Flesch–Amstad to 100', () => {
		// 180 − 1 − 58.5 × 1 = 120.5
		expect(score('Ja. Nein. Gut.').fleschAmstad).toBe(100);
	});

	it('scores a hard sentence low', () => {
		const s = score(
			'Die Geschäftsstelle der Gesundheitskonferenz veröffentlicht regelmäßig Handlungsempfehlungen hinsichtlich der gesundheitlichen Versorgungssituation vulnerabler Bevölkerungsgruppen.'
		);
		expect(s.fleschAmstad).toBe(0);
		expect(s.lix).toBeGreaterThan(60);
	});

	it('gives zeros for an empty text', () => {
		expect(score('')).toEqual({ fleschAmstad: 0, lix: 0, sentences: 0, words: 0, averageSentenceLength: 0 });
	});
});
