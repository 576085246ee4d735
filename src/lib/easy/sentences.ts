/**
 * Splitting German text into sentences and words, with offsets into the text.
 *
 * Easy-language text puts each sentence on its own line, so a line break ends a sentence, except
 * where a line has no closing punctuation and the next starts with a small letter (Leichte Sprache
 * breaks long sentences across lines at a sense boundary). Bullet markers (`-`, `•`, `1.`, `a)`)
 * are not words. A full stop is not a sentence end after an abbreviation (`z. B.`, `Dr.`, `usw.`
 * before a small letter), after a single letter (initials), or after a number that is an
 * ordinal or part of a date (`am 3. Tag`, `15. August`, `15. 8. 2026`).
 */
import type { Sentence, Token } from './types';

export const MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'] as const;

const MONTH_WORDS = new Set([
	...MONTHS.map((m) => m.toLowerCase()),
	'jänner',
	'jan',
	'feb',
	'febr',
	'mär',
	'mrz',
	'apr',
	'jun',
	'jul',
	'aug',
	'sep',
	'sept',
	'okt',
	'nov',
	'dez'
]);

export function isMonthWord(word: string): boolean {
	return MONTH_WORDS.has(word.toLowerCase());
}

/** Words after which a full stop never ends a sentence (lower case, without the dot). */
const ABBREVIATIONS = new Set([
	'dr',
	'prof',
	'nr',
	'tel',
	'bzw',
	'ggf',
	'evtl',
	'inkl',
	'exkl',
	'zzgl',
	'vgl',
	'sog',
	'bspw',
	'ca',
	'str',
	'hr',
	'fr',
	'frl',
	'st',
	'abs',
	'gem',
	'mind',
	'ggü',
	'jh',
	'jhd',
	'tsd',
	'mio',
	'mrd',
	'allg',
	'insb',
	'bes',
	'ehem',
	'gez',
	'mo',
	'di',
	'mi',
	'do',
	'fr',
	'sa',
	'std',
	'geb',
	'verh',
	'dipl',
	'ing'
]);

/** Abbreviations that also close sentences: a full stop after them ends one unless a small letter follows. */
const CLOSING_ABBREVIATIONS = new Set(['usw', 'etc', 'ff', 'u.a', 'o.ä', 'u.ä', 's.o', 's.u']);

/** Words before a number that make `3.` an ordinal (`am 3. Tag`) rather than a sentence end. */
const ORDINAL_CONTEXT = new Set([
	'am',
	'im',
	'zum',
	'zur',
	'vom',
	'beim',
	'ab',
	'bis',
	'seit',
	'der',
	'die',
	'das',
	'dem',
	'den',
	'des',
	'jeder',
	'jede',
	'jedes',
	'jeden',
	'jedem',
	'ihr',
	'ihre',
	'ihrem',
	'ihren',
	'sein',
	'seine',
	'seinem',
	'seinen',
	'unser',
	'unsere',
	'unserem',
	'unseren',
	'mein',
	'meine',
	'meinem',
	'meinen',
	'dein',
	'deine'
]);

/** Letters, digits, and marks that join them inside one word. A comma joins only digits (`3,5`). */
const WORD = /[\p{L}\p{N}]+(?:(?:[-·‧'’.:*_/]|,(?=\p{N}))[\p{L}\p{N}]+)*/gu;

/** Words between `start` and `end`, with offsets into `text`. */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
	// Search the stretch alone: a search of the whole text from `start` would run on to the next
	// word after `end`, once per line, and a text of many lines without words would cost n².
	const stretch = start === 0 && end === text.length ? text : text.slice(start, end);
	const tokens: Token[] = [];
	for (const match of stretch.matchAll(WORD)) {
		const word = match[0];
		const at = start + match.index;
		tokens.push({ text: word, lower: word.toLowerCase(), start: at, end: at + word.length });
	}
	return tokens;
}

const BULLET = /^[ \t]*(?:[-–—•*·▪►✓>]|#{1,6}|\d{1,2}[.)]|[a-z]\))[ \t]+/u;
const DIGIT_BULLET = /^[ \t]*\d{1,2}\.[ \t]+(\S+)/u;

/** Web addresses, which are neither words nor abbreviations nor sentence ends. */
const WEB_ADDRESS = /(?:https?:\/\/|www\.)[^\s<>"]*/g;
/** Punctuation after an address that belongs to the sentence, not to the address. */
const AFTER_ADDRESS = new Set('.,;:!?)]');
const MAIL_LOCAL = /[\p{L}\p{N}._%+-]/u;
const MAIL_DOMAIN = /[\p{L}\p{N}.-]/u;

/** The text with web and mail addresses replaced by spaces; offsets stay the same. */
export function maskAddresses(text: string): string {
	const spans: [number, number][] = [];
	if (text.includes('www.') || text.includes('://')) {
		for (const m of text.matchAll(WEB_ADDRESS)) {
			// A loop, not /[.,…]+$/: that pattern retries from every mark of a long run (n²).
			let end = m.index + m[0].length;
			while (end > m.index && AFTER_ADDRESS.has(text[end - 1])) end--;
			spans.push([m.index, end]);
		}
	}
	for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
		let start = at;
		while (start > 0 && MAIL_LOCAL.test(text[start - 1])) start--;
		let end = at + 1;
		while (end < text.length && MAIL_DOMAIN.test(text[end])) end++;
		while (end > at + 1 && text[end - 1] === '.') end--; // the full stop after the address
		if (start < at && text.slice(at + 1, end).includes('.')) spans.push([start, end]);
	}
	if (spans.length === 0) return text;
	spans.sort((a, b) => a[0] - b[0]);
	let out = '';
	let from = 0;
	for (const [start, end] of spans) {
		if (end <= from) continue;
		const s = Math.max(start, from);
		out += text.slice(from, s) + ' '.repeat(end - s);
		from = end;
	}
	return out + text.slice(from);
}

interface Chunk {
	start: number;
	end: number;
}

/** Lines, bullet markers removed, joined where a sentence continues on the next line. */
function chunks(text: string): Chunk[] {
	const out: Chunk[] = [];
	let previousOpen = false; // the previous line had content and no closing punctuation
	let lineStart = 0;
	while (lineStart <= text.length) {
		let lineEnd = text.indexOf('\n', lineStart);
		if (lineEnd < 0) lineEnd = text.length;
		const line = text.slice(lineStart, lineEnd);
		let offset = 0;
		const bullet = BULLET.exec(line);
		let isBullet = false;
		if (bullet) {
			const digit = DIGIT_BULLET.exec(line);
			// "15. August 2026 …" at the start of a line is a date, not a numbered item.
			if (!digit || !(isMonthWord(digit[1].replace(/\.$/, '')) || /^\d/.test(digit[1]))) {
				offset = bullet[0].length;
				isBullet = true;
			}
		}
		let s = lineStart + offset;
		let e = lineEnd;
		while (s < e && /\s/.test(text[s])) s++;
		while (e > s && /\s/.test(text[e - 1])) e--;
		if (s === e) {
			previousOpen = false;
		} else {
			const continues = previousOpen && !isBullet && /\p{Ll}/u.test(text[s]);
			if (continues) out[out.length - 1].end = e;
			else out.push({ start: s, end: e });
			previousOpen = !/[.!?:;…]["'»«“”„)\]]*$/u.test(text.slice(s, e));
		}
		lineStart = lineEnd + 1;
	}
	return out;
}

/**
 * Closing marks, then closing quotes or brackets, before a space or the end. Only from the first
 * mark of a run: tried from every mark of a long run not followed by a space, it would cost n².
 */
const TERMINATOR = /(?<![.!?…])([.!?…]+)["'»«“”„)\]]*(?=\s|$)/gu;

function isLower(ch: string | undefined): boolean {
	return ch !== undefined && /\p{Ll}/u.test(ch);
}

/** Index of the first token that starts at or after `pos`. */
function firstFrom(tokens: Token[], pos: number): number {
	let lo = 0;
	let hi = tokens.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (tokens[mid].start < pos) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** Whether the full stop ending at `dot` (index of the '.') closes a sentence. */
function dotEndsSentence(text: string, tokens: Token[], dot: number, chunkEnd: number): boolean {
	const i = firstFrom(tokens, dot) - 1;
	const before = i >= 0 && tokens[i].end === dot ? tokens[i] : undefined;
	if (!before) return true;
	let n = dot + 1;
	while (n < chunkEnd && /[\s"'»«“”„)\]]/u.test(text[n])) n++;
	if (n >= chunkEnd) return true;
	const nextChar = text[n];
	const nextWord = tokens[firstFrom(tokens, n)];
	const word = before.text;
	const lower = before.lower;
	if (isLower(nextChar)) return false; // sentences start with a capital or a digit
	if (/^\p{L}$/u.test(word)) return false; // initials, "z. B.", "d. h."
	if ((lower === 'max' || lower === 'min') && /\d/.test(nextChar)) return false; // "max. 10 Personen"
	if (ABBREVIATIONS.has(lower)) return false;
	if (lower.length <= 4 && isMonthWord(lower) && /\d/.test(nextChar)) return false; // "15. Aug. 2026"
	if (CLOSING_ABBREVIATIONS.has(lower)) return !isLower(nextChar) && !/\d/.test(nextChar);
	if (/^\p{L}{1,3}(?:\.\p{L}{1,3})+$/u.test(word)) return false; // "z.B.", "d.h."
	if (/^\d/.test(word)) {
		if (/\d/.test(nextChar)) return false;
		if (nextWord && isMonthWord(nextWord.text)) return false;
		if (/^\d{1,3}$/.test(word) && i > 0 && ORDINAL_CONTEXT.has(tokens[i - 1].lower)) return false;
		return true;
	}
	return true;
}

/** Sentences of `text` with their words. Sentences without any word (a lone "–") are left out. */
export function splitSentences(text: string): Sentence[] {
	const sentences: Sentence[] = [];
	for (const chunk of chunks(text)) {
		const tokens = tokenize(text, chunk.start, chunk.end);
		let sentenceStart = chunk.start;
		const push = (end: number) => {
			let s = sentenceStart;
			while (s < end && /\s/.test(text[s])) s++;
			const words = tokens.slice(firstFrom(tokens, s), firstFrom(tokens, end));
			if (words.length > 0) sentences.push({ start: s, end, words });
		};
		// Search the chunk alone: a search through the whole text would run past lines without an end mark.
		for (const match of text.slice(chunk.start, chunk.end).matchAll(TERMINATOR)) {
			const at = chunk.start + match.index;
			const end = at + match[0].length;
			const isDotOnly = match[1] === '.';
			if (!isDotOnly || dotEndsSentence(text, tokens, at, chunk.end)) {
				push(end);
				sentenceStart = end;
			}
		}
		if (sentenceStart < chunk.end) push(chunk.end);
	}
	return sentences;
}

/** Capitalised (first letter upper case), e.g. a noun or a sentence start. */
export function isCapitalised(word: string): boolean {
	return /^\p{Lu}/u.test(word);
}

/** Letters in a word, ignoring separators, gender marks and digits. */
export function letterCount(word: string): number {
	if (/^\p{L}+$/u.test(word)) return word.length;
	return word.replace(/\P{L}+/gu, '').length;
}
