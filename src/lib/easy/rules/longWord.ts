/**
 * long_word (warning): a word of 14 letters or more without a separator. A word with `-` or `·`
 * is checked part by part (`Gesundheitskonferenz-Geschäftsstelle` flags its first part).
 * Suggestion: a split with the conference's separator from `compounds.ts`, if one is found.
 * Gender marks stay on the last part (`Selbstvertreter:innen` → `Selbst·vertreter:innen`).
 * data: { letters, split: 'known' | 'guessed' | 'none' }.
 *
 * Accepted: long words that are not compounds (`Verantwortlichkeiten`) get a hint without a
 * suggestion; words with digits and all-capital words are left to other rules.
 */
import { joinParts, splitCompound } from '../compounds';
import { letterCount } from '../sentences';
import type { Hint, Rule } from '../types';
import { makeHint } from './hint';

export const LONG_WORD_LETTERS = 14;

export const longWord: Rule = (ctx) => {
	const hints: Hint[] = [];
	for (const { words } of ctx.sentences) {
		for (const token of words) {
			if (token.text.length < LONG_WORD_LETTERS) continue;
			let offset = 0;
			for (const part of token.text.split(/[-·‧]/)) {
				const start = token.start + offset;
				offset += part.length + 1;
				const letters = letterCount(part);
				if (letters < LONG_WORD_LETTERS || /\d|\./.test(part) || part === part.toUpperCase()) continue;
				const gender = /[:*_/]\p{L}+$/u.exec(part);
				const base = gender ? part.slice(0, gender.index) : part;
				const split = splitCompound(base);
				let suggestion: string | null = null;
				if (split) {
					suggestion = joinParts(split.parts, ctx.separator) + (gender ? gender[0] : '');
				}
				hints.push(
					makeHint(ctx, 'long_word', start, start + part.length, 'warning', suggestion, {
						letters,
						split: split ? (split.known ? 'known' : 'guessed') : 'none'
					})
				);
			}
		}
	}
	return hints;
};
