/**
 * Readability scores for German.
 * - Flesch–Amstad: 180 − ASL − 58.5 × ASW (ASL words per sentence, ASW syllables per word),
 *   clamped to 0…100; higher is easier (easy-language text is usually above 70).
 * - LIX: words per sentence + 100 × long words (more than 6 letters) / words; lower is easier.
 * Both rounded to one decimal. A score is a hint, never a verdict: the Prüfgruppe decides.
 *
 * Syllables are counted as vowel groups (a e i o u ä ö ü y), where a diphthong or double vowel
 * (ei ie au eu äu ai ey ay aa ee oo) is one and other vowel pairs are two (`be-an-tra-gen`); `u`
 * after `q` is not a vowel. Accepted: `Familie` counts 3 (is 4), `Museum` 2 (is 3); a number
 * written in digits counts as one syllable.
 */
import { letterCount } from './sentences';
import type { Scores, Sentence } from './types';

const VOWELS = 'aeiouäöüy';
const ONE_SOUND = new Set(['ei', 'ie', 'au', 'eu', 'äu', 'ai', 'ey', 'ay', 'aa', 'ee', 'oo']);

/** Syllables of a word (one for a word without letters, such as a number). */
export function syllables(word: string): number {
	const w = word.toLowerCase();
	let count = 0;
	let previous = '';
	for (let i = 0; i < w.length; i++) {
		const ch = w[i];
		if (VOWELS.includes(ch) && !(ch === 'u' && w[i - 1] === 'q')) {
			if (previous && ONE_SOUND.has(previous + ch)) {
				previous = '';
			} else {
				count++;
				previous = ch;
			}
		} else {
			previous = '';
		}
	}
	return Math.max(count, 1);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function scoreSentences(sentences: Sentence[]): Scores {
	let words = 0;
	let syllableCount = 0;
	let longWords = 0;
	for (const sentence of sentences) {
		for (const word of sentence.words) {
			words++;
			syllableCount += syllables(word.lower);
			if (word.text.length > 6 && letterCount(word.text) > 6) longWords++;
		}
	}
	const count = sentences.length;
	if (words === 0 || count === 0) {
		return { fleschAmstad: 0, lix: 0, sentences: 0, words: 0, averageSentenceLength: 0 };
	}
	const asl = words / count;
	const asw = syllableCount / words;
	return {
		fleschAmstad: round1(Math.min(100, Math.max(0, 180 - asl - 58.5 * asw))),
		lix: round1(asl + (100 * longWords) / words),
		sentences: count,
		words,
		averageSentenceLength: round1(asl)
	};
}
