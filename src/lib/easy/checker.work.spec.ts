import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from './checker';
import { ADVERSARIAL_TEXTS, NAMED_INPUTS, REALISTIC_TEXT, repeatTo } from './testing/adversarialTexts';
import { measureWork } from './testing/workMeter';

/**
 * The checker runs on the server for whatever a group member posts, on the one event loop every
 * request shares: its work must grow with its input and no faster, on any text. Work is counted
 * (workMeter.ts), not timed: `npm run bench:checker` times the same texts.
 */

/** Units of work per character; a realistic text needs about 50, the costliest shape here about 70. */
const WORK_PER_CHAR = 120;

/** Stopped once past the bound: code that is not linear fails at once instead of running for hours. */
const work = (text: string) => measureWork(() => checkEasyLanguage(text), WORK_PER_CHAR * text.length);

describe('the checker’s work is linear in its text', () => {
	it('on a realistic text', () => {
		const text = repeatTo(REALISTIC_TEXT, 20_000);
		expect(work(text).work).toBeLessThanOrEqual(WORK_PER_CHAR * text.length);
	});

	it.each(ADVERSARIAL_TEXTS)('on $name', ({ make }) => {
		const text = make(20_000);
		expect(work(text).work).toBeLessThanOrEqual(WORK_PER_CHAR * text.length);
	});

	it('on one word of 300,000 letters: it is flagged as long, and no split is tried', () => {
		const text = NAMED_INPUTS.hugeWord();
		const { result, work: units } = work(text);
		expect(result.hints).toMatchObject([{ rule: 'long_word', start: 0, end: 300_000, data: { letters: 300_000, split: 'none' } }]);
		expect(result.hints[0].suggestion).toBeUndefined();
		expect(units).toBeLessThanOrEqual(WORK_PER_CHAR * text.length);
	});

	it('on ten thousand hyphens in one word: each part is checked once', () => {
		const text = NAMED_INPUTS.hyphens();
		const { result, work: units } = work(text);
		// No part reaches 14 letters, the word as a whole is no part of its own.
		expect(result.hints.filter((h) => h.rule === 'long_word')).toEqual([]);
		expect(units).toBeLessThanOrEqual(WORK_PER_CHAR * text.length);
	});

	it('on one sentence of 50,000 words: one sentence-length hint, pairs only of near words', () => {
		const text = NAMED_INPUTS.longSentence();
		const { result, work: units } = work(text);
		expect(result.scores.sentences).toBe(1);
		expect(result.hints.filter((h) => h.rule === 'sentence_length')).toMatchObject([{ data: { words: 50_000 } }]);
		const passives = result.hints.filter((h) => h.rule === 'passive');
		expect(passives).toHaveLength(10_000);
		// Each `wird` takes the `informiert` of its own five words, not one far away.
		expect(passives.every((h) => h.excerpt === 'wird heute weder informiert')).toBe(true);
		expect(result.hints.filter((h) => h.rule === 'negation')).toHaveLength(10_000);
		expect(units).toBeLessThanOrEqual(WORK_PER_CHAR * text.length);
	});
});
