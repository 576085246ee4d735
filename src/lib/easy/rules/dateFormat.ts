/**
 * date_format (warning): dates not in the easy form `15. August 2026`.
 * Flagged: `15.08.2026`, `15.8.26`, `15.8.`, `15. 8. 2026`, `2026-08-15`, `15. Aug. 2026`,
 * `05. August`, `15 August`, and `15.08` where the second number is not a multiple of 5
 * (otherwise it is read as a time, see time_format). A weekday before the date is fine.
 * Suggestion: `15. August 2026` (two-digit years become 20xx). data: { kind, day, month, year? }
 * with kind 'numeric' | 'iso' | 'short_month' | 'leading_zero' | 'missing_dot'.
 *
 * Not a date: `um 10.10.` (after `um` it is a time), impossible days or months (`32.13.`).
 */
import { MONTHS } from '../sentences';
import type { Hint, Rule, RuleContext } from '../types';
import { Claimed } from './claimed';
import { makeHint } from './hint';

export interface FoundDate {
	start: number;
	end: number;
	suggestion: string;
	data: { kind: string; day: number; month: number; year?: number };
}

const MONTH_NAMES = MONTHS.join('|');
const SHORT_MONTHS: Record<string, number> = {
	jan: 1,
	feb: 2,
	febr: 2,
	mär: 3,
	mrz: 3,
	apr: 4,
	jun: 6,
	jul: 7,
	aug: 8,
	sep: 9,
	sept: 9,
	okt: 10,
	nov: 11,
	dez: 12
};

const NUMERIC = /(?<![\d.,:])(\d{1,2})\.\s?(\d{1,2})\.(?:\s?(\d{4})|(\d{2}))?(?!\d)/g;
const NUMERIC_NO_DOT = /(?<![\d.,:])(\d{1,2})\.(\d{2})(?![\d.:,]|\s*(?:Uhr|h\b))/g;
const ISO = /(?<![\d.-])(\d{4})-(\d{2})-(\d{2})(?![\d-])/g;
const SHORT = new RegExp(`(?<![\\d.])(\\d{1,2})\\.\\s?(${Object.keys(SHORT_MONTHS).join('|')})\\.?(?!\\p{L})(?:\\s(\\d{4}))?`, 'giu');
const LEADING_ZERO = new RegExp(`(?<![\\d.])0(\\d)\\.\\s?(${MONTH_NAMES})(?!\\p{L})(?:\\s(\\d{4}))?`, 'gu');
const MISSING_DOT = new RegExp(`(?<![\\d.,:])(\\d{1,2})\\s(${MONTH_NAMES})(?!\\p{L})(?:\\s(\\d{4}))?`, 'gu');

function valid(day: number, month: number): boolean {
	return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

function easyDate(day: number, month: number, year?: number): string {
	return `${day}. ${MONTHS[month - 1]}${year ? ` ${year}` : ''}`;
}

/** Dates not in the easy form, in text order, not overlapping. */
export function findDates(text: string): FoundDate[] {
	if (!/\d/.test(text)) return [];
	const found: FoundDate[] = [];
	const claimed = new Claimed(text.length);
	const add = (start: number, end: number, kind: string, day: number, month: number, year?: number) => {
		if (!valid(day, month)) return;
		if (claimed.overlaps(start, end)) return;
		claimed.claim(start, end);
		const data: FoundDate['data'] = { kind, day, month };
		if (year) data.year = year;
		found.push({ start, end, suggestion: easyDate(day, month, year), data });
	};
	for (const m of text.matchAll(ISO)) add(m.index, m.index + m[0].length, 'iso', +m[3], +m[2], +m[1]);
	for (const m of text.matchAll(NUMERIC)) {
		if (/\bum\s+$/i.test(text.slice(Math.max(0, m.index - 4), m.index))) continue;
		const year = m[3] ? +m[3] : m[4] ? 2000 + +m[4] : undefined;
		add(m.index, m.index + m[0].length, 'numeric', +m[1], +m[2], year);
	}
	for (const m of text.matchAll(NUMERIC_NO_DOT)) {
		const minute = +m[2];
		if (minute % 5 === 0 || /\bum\s+$/i.test(text.slice(Math.max(0, m.index - 4), m.index))) continue;
		add(m.index, m.index + m[0].length, 'numeric', +m[1], minute);
	}
	for (const m of text.matchAll(SHORT)) {
		add(m.index, m.index + m[0].length, 'short_month', +m[1], SHORT_MONTHS[m[2].toLowerCase()], m[3] ? +m[3] : undefined);
	}
	for (const m of text.matchAll(LEADING_ZERO)) {
		add(m.index, m.index + m[0].length, 'leading_zero', +m[1], MONTHS.indexOf(m[2] as (typeof MONTHS)[number]) + 1, m[3] ? +m[3] : undefined);
	}
	for (const m of text.matchAll(MISSING_DOT)) {
		add(m.index, m.index + m[0].length, 'missing_dot', +m[1], MONTHS.indexOf(m[2] as (typeof MONTHS)[number]) + 1, m[3] ? +m[3] : undefined);
	}
	return found.sort((a, b) => a.start - b.start);
}

const datesOfCheck = new WeakMap<RuleContext, FoundDate[]>();

/** The dates of one check's text, found once for date_format and time_format both. */
export function datesIn(ctx: RuleContext): FoundDate[] {
	let dates = datesOfCheck.get(ctx);
	if (!dates) datesOfCheck.set(ctx, (dates = findDates(ctx.text)));
	return dates;
}

export const dateFormat: Rule = (ctx) => datesIn(ctx).map((d): Hint => makeHint(ctx, 'date_format', d.start, d.end, 'warning', d.suggestion, d.data));
