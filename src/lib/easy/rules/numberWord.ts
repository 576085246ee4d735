/**
 * number_word (warning): numbers written as words (`drei`, `zwölf`, `einundzwanzig`, `hundert`,
 * `zweitausend`, `null`), `zweimal` … and fractions (`ein Drittel`, `drei Viertel`).
 * Suggestion: digits (`3`, `21`, `2-mal`), `9:00 Uhr` for `neun Uhr`, `1 von 3` for `ein Drittel`.
 * data: { word, value } (value absent for fractions; there data has `numerator`, `denominator`).
 *
 * Never flagged: the article `ein`/`eine`/`einen`/… and `einmal` (`noch einmal` is an idiom),
 * ordinals (`der erste Termin`), `die Hälfte` (the easy form), `Tausende`, and a number word in a
 * spoken clock time (`halb neun`, `Viertel nach neun`), which time_format handles.
 * Accepted: `Acht` is skipped after `in`/`außer`/`gib` (`außer Acht lassen`); the noun `die Elf`
 * (a football team) is flagged.
 */
import { formatNumber, parseNumberWord } from '../numberWords';
import type { Hint, Rule } from '../types';
import { makeHint } from './hint';

const FRACTIONS: Record<string, number> = { drittel: 3, viertel: 4, fünftel: 5, sechstel: 6, achtel: 8, zehntel: 10 };
const CLOCK_WORDS = new Set(['halb', 'viertel', 'dreiviertel']);

export const numberWord: Rule = (ctx) => {
	const hints: Hint[] = [];
	for (const { words } of ctx.sentences) {
		for (let i = 0; i < words.length; i++) {
			const w = words[i];
			const lower = w.lower;
			const previous = words[i - 1]?.lower;
			const next = words[i + 1];

			const fraction = next && Object.hasOwn(FRACTIONS, next.lower) ? FRACTIONS[next.lower] : undefined;
			const numerator = !fraction ? null : lower === 'ein' || lower === 'eine' ? 1 : parseNumberWord(lower);
			if (fraction && numerator !== null && numerator > 0 && numerator < fraction) {
				hints.push(
					makeHint(ctx, 'number_word', w.start, next!.end, 'warning', `${numerator} von ${fraction}`, {
						word: `${w.text} ${next!.text}`,
						numerator,
						denominator: fraction
					})
				);
				i++;
				continue;
			}

			const times = lower.endsWith('mal') ? /^(\p{L}+)mal$/u.exec(lower) : null;
			if (times && times[1] !== 'ein') {
				const value = parseNumberWord(times[1]);
				if (value !== null) {
					hints.push(makeHint(ctx, 'number_word', w.start, w.end, 'warning', `${formatNumber(value)}-mal`, { word: w.text, value }));
				}
				continue;
			}

			const value = parseNumberWord(lower);
			if (value === null) continue;
			if (previous && (CLOCK_WORDS.has(previous) || ((previous === 'nach' || previous === 'vor') && words[i - 2]?.lower === 'viertel'))) continue;
			if (lower === 'acht' && previous && ['in', 'außer', 'gib', 'gebt', 'geben'].includes(previous)) continue;
			if (next && next.text === 'Uhr' && value <= 24) {
				hints.push(makeHint(ctx, 'number_word', w.start, next.end, 'warning', `${value}:00 Uhr`, { word: w.text, value }));
				i++;
				continue;
			}
			hints.push(makeHint(ctx, 'number_word', w.start, w.end, 'warning', formatNumber(value), { word: w.text, value }));
		}
	}
	return hints;
};
