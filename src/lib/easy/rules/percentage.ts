/**
 * percentage (info): `%`, `Prozent`, `v. H.`. Leichte Sprache avoids percentages.
 * Suggestion from the value: 100 → `alle`, 90–99 → `fast alle`, 50 → `die Hälfte`, 25 → `1 von 4`,
 * 75 → `3 von 4`, 33 → `1 von 3`, 66/67 → `2 von 3`, other 10–99 → `n von 10` (rounded),
 * 1–9 → `1 von n` (`5 %` → `1 von 20`), 0 → `keine`. None without a number or above 100.
 * data: { value } when a number (digits or word) stands before the sign.
 * Accepted: `Prozentsatz`, `prozentual` are not flagged (only the sign and the word `Prozent`).
 */
import { parseNumberWord } from '../numberWords';
import type { Hint, Rule } from '../types';
import { makeHint } from './hint';

const PERCENT = /(?:(?<![\p{L}\p{N}.,])(\d+(?:[.,]\d+)?|\p{L}+)\s?)?(%|(?<!\p{L})Prozent(?!\p{L})|(?<!\p{L})v\.\s?H\.)/gu;

export function easyShare(value: number): string | null {
	if (value === 0) return 'keine';
	if (value === 100) return 'alle';
	if (value > 100 || value < 0) return null;
	if (value >= 90) return 'fast alle';
	const rounded = Math.round(value);
	if (rounded === 50) return 'die Hälfte';
	if (rounded === 25) return '1 von 4';
	if (rounded === 75) return '3 von 4';
	if (rounded === 33) return '1 von 3';
	if (rounded === 66 || rounded === 67) return '2 von 3';
	if (value >= 10) return `${Math.round(value / 10)} von 10`;
	return `1 von ${Math.round(100 / value)}`;
}

export const percentage: Rule = (ctx) => {
	const hints: Hint[] = [];
	if (!/%|prozent|v\.\s?h\./i.test(ctx.text)) return hints;
	for (const m of ctx.text.matchAll(PERCENT)) {
		let start = m.index;
		let value: number | null = null;
		if (m[1]) {
			value = /^\d/.test(m[1]) ? Number(m[1].replace(',', '.')) : parseNumberWord(m[1]);
			if (value === null) start += m[0].length - m[2].length; // a word that is not a number
		}
		const end = m.index + m[0].length;
		const suggestion = value === null ? null : easyShare(value);
		hints.push(makeHint(ctx, 'percentage', start, end, 'info', suggestion, value === null ? undefined : { value }));
	}
	return hints;
};
