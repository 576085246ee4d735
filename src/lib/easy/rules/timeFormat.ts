/**
 * time_format (warning, one case info): clock times not in the easy form `9:00 Uhr`.
 * Flagged, with data.kind:
 * - 'dot': `9.00 Uhr`, `14.30` → `9:00 Uhr`, `14:30 Uhr`
 * - 'no_uhr': `09:00`, `14:30` without `Uhr` → `9:00 Uhr`, `14:30 Uhr`
 * - 'leading_zero': `09:00 Uhr` → `9:00 Uhr`
 * - 'h': `9h`, `9 h`, `9:30h` → `9:00 Uhr`, `9:30 Uhr`
 * - 'uhr_minutes': `9 Uhr 30` → `9:30 Uhr`
 * - 'range': `9:00–12:00 Uhr` → `von 9:00 Uhr bis 12:00 Uhr`
 * - 'spoken': `halb neun` → `8:30 Uhr`, `Viertel nach neun` → `9:15 Uhr`, `Viertel vor neun`,
 *   `drei viertel neun` → `8:45 Uhr`
 * - 'no_minutes' (info): `9 Uhr` → `9:00 Uhr`
 * data: { kind, hour, minute }.
 *
 * Accepted: spoken times take the morning reading (`halb acht` → `7:30 Uhr`, it may mean 19:30);
 * `24 h` as a duration is read as a time; `10.10` without `Uhr` is read as a time, `15.08` as a
 * date (a multiple of 5 decides, see date_format).
 */
import { parseNumberWord } from '../numberWords';
import type { Hint, Rule } from '../types';
import { datesIn } from './dateFormat';
import { Claimed } from './claimed';
import { makeHint } from './hint';

const CLOCK = /(?<![\d.:,])(\d{1,2})([.:])(\d{2})(?!\d|[.:,]\d)(\s?(?:Uhr\b|h(?!\p{L})))?/gu;
const RANGE_TAIL = /^\s*[-–—]\s*(\d{1,2})[.:](\d{2})(?!\d|[.:,]\d)(\s?(?:Uhr\b|h(?!\p{L})))?/u;
const HOUR_H = /(?<![\d.:,])(\d{1,2})\s?h(?!\p{L})/gu;
const HOUR_UHR = /(?<![\d.:,])(\d{1,2})\s+Uhr\b(?:\s+(\d{2})(?!\d))?/gu;
const SPOKEN = /(?<!\p{L})(halb|viertel\s+nach|viertel\s+vor|drei\s*viertel)\s+(\p{L}+|\d{1,2})(?:\s+Uhr\b)?/giu;

function clock(hour: number, minute: number): string {
	return `${hour}:${String(minute).padStart(2, '0')} Uhr`;
}

function valid(hour: number, minute: number): boolean {
	return hour >= 0 && hour <= 24 && minute >= 0 && minute <= 59;
}

export const timeFormat: Rule = (ctx) => {
	const text = ctx.text;
	if (!/\d|halb|viertel/i.test(text)) return [];
	const taken = new Claimed(text.length);
	for (const date of datesIn(ctx)) taken.claim(date.start, date.end);
	const hints: Hint[] = [];
	const add = (start: number, end: number, kind: string, hour: number, minute: number, suggestion: string) => {
		if (taken.overlaps(start, end)) return;
		taken.claim(start, end);
		const severity = kind === 'no_minutes' ? 'info' : 'warning';
		hints.push(makeHint(ctx, 'time_format', start, end, severity, suggestion, { kind, hour, minute }));
	};

	for (const m of text.matchAll(CLOCK)) {
		const hour = +m[1];
		const minute = +m[3];
		if (!valid(hour, minute)) continue;
		const suffix = (m[4] ?? '').trim();
		let end = m.index + m[0].length;
		if (!suffix && /^\s*(?:€|Euro|EUR|%|Prozent)/.test(text.slice(end, end + 10))) continue;
		const range = RANGE_TAIL.exec(text.slice(end, end + 20));
		if (range && valid(+range[1], +range[2])) {
			end += range[0].length;
			const von = /\bvon\s+$/i.test(text.slice(Math.max(0, m.index - 5), m.index)) ? '' : 'von ';
			add(m.index, end, 'range', hour, minute, `${von}${clock(hour, minute)} bis ${clock(+range[1], +range[2])}`);
			continue;
		}
		let kind: string | null = null;
		if (m[2] === '.') kind = 'dot';
		else if (suffix === 'h') kind = 'h';
		else if (!suffix) kind = 'no_uhr';
		else if (m[1].length === 2 && m[1].startsWith('0')) kind = 'leading_zero';
		if (kind) add(m.index, end, kind, hour, minute, clock(hour, minute));
		else taken.claim(m.index, end); // correct: keep the other patterns off it
	}
	for (const m of text.matchAll(SPOKEN)) {
		const named = /^\d+$/.test(m[2]) ? +m[2] : parseNumberWord(m[2] === 'ein' ? 'eins' : m[2]);
		if (named === null || named < 1 || named > 12) continue;
		const previous = named === 1 ? 12 : named - 1;
		const kind = m[1].toLowerCase().replace(/\s+/g, ' ');
		const [hour, minute] = kind === 'halb' ? [previous, 30] : kind === 'viertel nach' ? [named, 15] : [previous, 45];
		add(m.index, m.index + m[0].length, 'spoken', hour, minute, clock(hour, minute));
	}
	for (const m of text.matchAll(HOUR_H)) {
		const hour = +m[1];
		if (valid(hour, 0)) add(m.index, m.index + m[0].length, 'h', hour, 0, clock(hour, 0));
	}
	for (const m of text.matchAll(HOUR_UHR)) {
		const hour = +m[1];
		const minute = m[2] ? +m[2] : 0;
		if (!valid(hour, minute)) continue;
		add(m.index, m.index + m[0].length, m[2] ? 'uhr_minutes' : 'no_minutes', hour, minute, clock(hour, minute));
	}
	return hints.sort((a, b) => a.start - b.start);
};
