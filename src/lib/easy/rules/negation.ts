/**
 * negation (info): `nicht`, `kein…`, `nie`, `niemals`, `nichts`, `niemand…`, `nirgends`,
 * `nirgendwo`, and `weder … noch` (one hint from `weder` to the next `noch`, at most
 * MAX_SPAN_WORDS words on). Allowed where needed, better
 * avoided. data: { word }. No suggestion: a positive wording depends on the meaning.
 *
 * Decided: negating prefixes (`unmöglich`, `barrierefrei`, `nicht-öffentlich`) are not flagged,
 * too noisy. Only whole words count.
 */
import type { Hint, Rule, Token } from '../types';
import { MAX_SPAN_WORDS, makeHint, wordSet } from './hint';

const NEGATIONS = wordSet(
	'nicht nichts nie niemals niemand niemandem niemanden niemands nirgends nirgendwo kein keine keinen keinem keiner keines keins weder'
);

/** For each word, the index of the first `noch` after it, or -1 (one pass from the end, not a search per `weder`). */
function nochAfter(words: Token[]): Int32Array {
	const after = new Int32Array(words.length);
	let next = -1;
	for (let i = words.length - 1; i >= 0; i--) {
		after[i] = next;
		if (words[i].lower === 'noch') next = i;
	}
	return after;
}

export const negation: Rule = (ctx) => {
	const hints: Hint[] = [];
	for (const { words } of ctx.sentences) {
		let noch: Int32Array | undefined;
		words.forEach((w, i) => {
			const word = w.lower;
			if (!NEGATIONS.has(word)) return;
			let end = w.end;
			if (word === 'weder') {
				noch ??= nochAfter(words);
				const j = noch[i];
				if (j >= 0 && j - i <= MAX_SPAN_WORDS) end = words[j].end;
			}
			hints.push(makeHint(ctx, 'negation', w.start, end, 'info', null, { word }));
		});
	}
	return hints;
};
