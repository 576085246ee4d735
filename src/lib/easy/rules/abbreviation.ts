/**
 * abbreviation (info): dotted abbreviations from a list (`z. B.`, `z.B.`, `usw.`, `bzw.`, `d. h.`,
 * `u. a.`, `ca.`, `ggf.`, `inkl.`, `evtl.`, `Nr.`, `Tel.`, `Dr.` …), and words with at least two
 * capitals that are mostly capitals (`AOK`, `KV`, `TOP`, `NRW`, `GmbH`, `KiTa`).
 * data: { kind: 'dotted' | 'acronym', abbreviation }.
 * Suggestion: the written-out words in easy wording (`z. B.` → `zum Beispiel`, `ca.` → `ungefähr`,
 * `bzw.` → `oder`), and for a few acronyms of the field (`AG` → `Arbeits·gruppe`, `TOP` →
 * `Tages·ordnungs·punkt`) with the conference's separator.
 *
 * Decided: every acronym is flagged, well known ones too (`AOK`): the editor decides whether
 * readers know it, hence info. Roman numerals of I, V, X (`SGB II`) are not acronyms. Weekday
 * abbreviations (`Mo.`, `So.`) count only before a date (`So., 16. August`), since `so.` ends
 * many sentences; `max.` only before a number (`Max.` is a name), `Min.`/`Std.` only after one.
 */
import { joinParts } from '../compounds';
import type { Hint, Rule, Separator } from '../types';
import { makeHint, matchCase } from './hint';

type Context = 'digitAfter' | 'digitBefore';

const DOTTED: Record<string, { expansion: string; context?: Context }> = {
	'z.b.': { expansion: 'zum Beispiel' },
	'bspw.': { expansion: 'zum Beispiel' },
	'usw.': { expansion: 'und so weiter' },
	'etc.': { expansion: 'und so weiter' },
	'bzw.': { expansion: 'oder' },
	'd.h.': { expansion: 'das heißt' },
	'u.a.': { expansion: 'unter anderem' },
	'v.a.': { expansion: 'vor allem' },
	'ca.': { expansion: 'ungefähr' },
	'ggf.': { expansion: 'wenn nötig' },
	'inkl.': { expansion: 'mit' },
	'zzgl.': { expansion: 'plus' },
	'evtl.': { expansion: 'vielleicht' },
	'u.u.': { expansion: 'vielleicht' },
	'i.d.r.': { expansion: 'meistens' },
	'z.t.': { expansion: 'zum Teil' },
	'z.zt.': { expansion: 'jetzt' },
	'o.ä.': { expansion: 'oder so ähnlich' },
	'u.ä.': { expansion: 'und so ähnlich' },
	'o.g.': { expansion: 'oben genannt' },
	's.o.': { expansion: 'siehe oben' },
	's.u.': { expansion: 'siehe unten' },
	'vgl.': { expansion: 'siehe' },
	'sog.': { expansion: 'so genannt' },
	'bzgl.': { expansion: 'über' },
	'insb.': { expansion: 'besonders' },
	'allg.': { expansion: 'allgemein' },
	'ehem.': { expansion: 'früher' },
	'lt.': { expansion: 'laut' },
	'i.a.': { expansion: 'im Auftrag' },
	'e.v.': { expansion: 'eingetragener Verein' },
	'nr.': { expansion: 'Nummer' },
	'tel.': { expansion: 'Telefon' },
	'dr.': { expansion: 'Doktor' },
	'prof.': { expansion: 'Professor' },
	'hr.': { expansion: 'Herr' },
	'fr.': { expansion: 'Frau' },
	'str.': { expansion: 'Straße' },
	'abs.': { expansion: 'Absatz' },
	'mind.': { expansion: 'mindestens' },
	'max.': { expansion: 'höchstens', context: 'digitAfter' },
	'min.': { expansion: 'Minuten', context: 'digitBefore' },
	'std.': { expansion: 'Stunden', context: 'digitBefore' },
	'mo.': { expansion: 'Montag', context: 'digitAfter' },
	'di.': { expansion: 'Dienstag', context: 'digitAfter' },
	'mi.': { expansion: 'Mittwoch', context: 'digitAfter' },
	'do.': { expansion: 'Donnerstag', context: 'digitAfter' },
	'sa.': { expansion: 'Samstag', context: 'digitAfter' },
	'so.': { expansion: 'Sonntag', context: 'digitAfter' }
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const DOTTED_PATTERN = new RegExp(
	'(?<![\\p{L}\\p{N}.])(?:' +
		Object.keys(DOTTED)
			.sort((a, b) => b.length - a.length)
			.map((key) => key.split('.').filter(Boolean).map(escape).join('\\.\\s?') + '\\.')
			.join('|') +
		')',
	'giu'
);

type Words = (string | readonly string[])[];
const ACRONYMS: Record<string, Words> = {
	AG: [['Arbeits', 'gruppe']],
	AGs: [['Arbeits', 'gruppen']],
	TOP: [['Tages', 'ordnungs', 'punkt']],
	DGS: ['Deutsche', ['Gebärden', 'sprache']],
	ÖGD: ['Öffentlicher', ['Gesundheits', 'dienst']],
	SGB: [['Sozial', 'gesetz', 'buch']],
	NRW: ['Nordrhein-Westfalen']
};

function writeOut(words: Words, separator: Separator): string {
	return words.map((w) => (typeof w === 'string' ? w : joinParts(w, separator))).join(' ');
}

const TWO_CAPITALS = /\p{Lu}.*\p{Lu}/u;
const ROMAN = /^(?:X{0,3})(?:IX|IV|V?I{0,3})$/;

export function isAcronym(part: string): boolean {
	if (!/^\p{L}+$/u.test(part) || part.length < 2 || ROMAN.test(part)) return false;
	let upper = 0;
	for (const ch of part) if (/\p{Lu}/u.test(ch)) upper++;
	return upper >= 2 && upper * 2 >= part.length;
}

export const abbreviation: Rule = (ctx) => {
	const hints: Hint[] = [];
	const covered: [number, number][] = [];
	for (const m of ctx.text.matchAll(DOTTED_PATTERN)) {
		const start = m.index;
		const end = start + m[0].length;
		const key = m[0].replace(/\s+/g, '').toLowerCase();
		const entry = DOTTED[key];
		if (entry.context === 'digitAfter' && !/^,?\s*\d/.test(ctx.text.slice(end, end + 4))) continue;
		if (entry.context === 'digitBefore' && !/\d\s*$/.test(ctx.text.slice(Math.max(0, start - 3), start))) continue;
		let expansion = entry.expansion;
		if (key === 'fr.' && /^,?\s*\d/.test(ctx.text.slice(end, end + 4))) expansion = 'Freitag';
		covered.push([start, end]);
		hints.push(makeHint(ctx, 'abbreviation', start, end, 'info', matchCase(expansion, m[0]), { kind: 'dotted', abbreviation: key }));
	}
	// Both the dotted matches and the words come in text order: one pointer walks the matches.
	let next = 0;
	for (const { words } of ctx.sentences) {
		for (const token of words) {
			if (!TWO_CAPITALS.test(token.text) || token.text.includes('.')) continue;
			while (next < covered.length && covered[next][1] <= token.start) next++;
			if (next < covered.length && covered[next][0] < token.end) continue;
			let offset = 0;
			for (const part of token.text.split(/[-·‧/]/)) {
				const start = token.start + offset;
				offset += part.length + 1;
				if (!isAcronym(part)) continue;
				const known = ACRONYMS[part];
				hints.push(
					makeHint(ctx, 'abbreviation', start, start + part.length, 'info', known ? writeOut(known, ctx.separator) : null, {
						kind: 'acronym',
						abbreviation: part
					})
				);
			}
		}
	}
	return hints;
};
