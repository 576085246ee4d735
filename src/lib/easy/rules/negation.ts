/**
 * negation (info): `nicht`, `kein…`, `nie`, `niemals`, `nichts`, `niemand…`, `nirgends`,
 * `nirgendwo`, and `weder … noch` (one hint from `weder` to `noch`). Allowed where needed, better
 * avoided. data: { word }. No suggestion: a positive wording depends on the meaning.
 *
 * Decided: negating prefixes (`unmöglich`, `barrierefrei`, `nicht-öffentlich`) are not flagged,
 * too noisy. Only whole words count.
 */
import type { Hint, Rule } from '../types';
import { makeHint, wordSet } from './hint';

const NEGATIONS = wordSet(
	'nicht nichts nie niemals niemand niemandem niemanden niemands nirgends nirgendwo kein keine keinen keinem keiner keines keins weder'
);

export const negation: Rule = (ctx) => {
	const hints: Hint[] = [];
	for (const { words } of ctx.sentences) {
		words.forEach((w, i) => {
			const word = w.lower;
			if (!NEGATIONS.has(word)) return;
			let end = w.end;
			if (word === 'weder') {
				const noch = words.slice(i + 1).find((x) => x.lower === 'noch');
				if (noch) end = noch.end;
			}
			hints.push(makeHint(ctx, 'negation', w.start, end, 'info', null, { word }));
		});
	}
	return hints;
};
