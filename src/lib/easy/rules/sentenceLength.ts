/**
 * sentence_length (warning): a sentence with more than `maxWords` words.
 * The hint spans the sentence. data: { words, max }.
 * A word is what `tokenize` finds: `9:00` and `15.08.2026` are one word each, `Gesundheits·konferenz` one.
 */
import type { Rule } from '../types';
import { makeHint } from './hint';

export const sentenceLength: Rule = (ctx) =>
	ctx.sentences
		.filter((s) => s.words.length > ctx.maxWords)
		.map((s) => makeHint(ctx, 'sentence_length', s.start, s.end, 'warning', null, { words: s.words.length, max: ctx.maxWords }));
