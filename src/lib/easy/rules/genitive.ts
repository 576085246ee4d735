/**
 * genitive (warning or info): Leichte Sprache says `vom Landkreis`, not `des Landkreises`.
 * The hint spans the article to the noun. data: { article, noun }.
 *
 * Signals, from reliable to weak:
 * - `des` + (up to two adjectives) + noun → warning; `des` has no other use. Suggestion
 *   `vom …` with the noun's -s/-es taken off (`des Landkreises` → `vom Landkreis`), when the noun
 *   ends in -s.
 * - `eines` + (adjectives) + noun ending in -s → warning, suggestion `von einem …`. Without a
 *   noun in -s, `eines` is a pronoun (`Eines ist klar.`) and is not flagged.
 * - noun + `der`/`einer` + (adjectives) + noun (`die Sitzung der Arbeitsgruppe`) → info, no
 *   suggestion (feminine or plural is unknown). The same pattern is a dative after verbs with two
 *   objects (`Frau Meier hilft der Gruppe`): an accepted false positive, hence info.
 * Not detected: the s-genitive of names (`Annas Buch`, `Deutschlands`).
 */
import type { Hint, Rule, Token } from '../types';
import { makeHint, matchCase, wordSet } from './hint';

/** Capitalised words that are not nouns here. */
const NOT_NOUNS = wordSet('sie ihr ihre ihren ihrem ihnen ich er es wir du uhr');

/** Nouns whose nominative ends in -e, so their genitive -es loses only the -s. */
const E_NOUNS = ['gebäude', 'gelände', 'ende', 'interesse', 'käse', 'erbe', 'auge', 'gemüse', 'getreide', 'gebirge', 'getränke'];
/** Nouns with the genitive -ns: `des Namens` → `Name`. */
const NS_NOUNS = ['name', 'glaube', 'wille', 'friede', 'gedanke', 'buchstabe', 'funke', 'same'];

/** The dative singular of a masculine or neuter noun from its genitive, or null if unsure. */
export function dativeFromGenitive(noun: string): string | null {
	const lower = noun.toLowerCase();
	if (!lower.endsWith('s')) return null;
	if (E_NOUNS.some((e) => lower.endsWith(e + 's'))) return noun.slice(0, -1);
	if (NS_NOUNS.some((e) => lower.endsWith(e + 'ns'))) return noun.slice(0, -2);
	if (lower.endsWith('nisses')) return noun.slice(0, -3);
	if (lower.endsWith('es') && lower.length > 4) return noun.slice(0, -2);
	if (/[^s]s$/.test(lower)) return noun.slice(0, -1);
	return null;
}

function isNoun(word: Token | undefined): boolean {
	return !!word && /^\p{Lu}\p{Ll}/u.test(word.text) && !NOT_NOUNS.has(word.lower);
}

/** Index of the noun after an article at `i`, skipping up to two adjectives, or -1. */
function nounAfter(words: Token[], i: number, text: string): number {
	for (let j = i + 1; j <= i + 3 && j < words.length; j++) {
		if (/[,;:.!?]/.test(text.slice(words[j - 1].end, words[j].start))) return -1;
		if (isNoun(words[j])) return j;
		if (!/^\p{Ll}+(?:e|en|er|es|em)$/u.test(words[j].text)) return -1;
	}
	return -1;
}

export const genitive: Rule = (ctx) => {
	const hints: Hint[] = [];
	for (const { words } of ctx.sentences) {
		for (let i = 0; i < words.length; i++) {
			const article = words[i].text;
			const lower = article.toLowerCase();
			if (lower !== 'des' && lower !== 'eines' && lower !== 'der' && lower !== 'einer') continue;
			const n = nounAfter(words, i, ctx.text);
			if (n < 0) continue;
			const noun = words[n].text;
			const data = { article: lower, noun };
			if (lower === 'des' || (lower === 'eines' && /s$/.test(noun))) {
				const dative = dativeFromGenitive(noun);
				const between = ctx.original.slice(words[i].end, words[n].start);
				const suggestion = dative ? matchCase(lower === 'des' ? 'vom' : 'von einem', article) + between + dative : null;
				hints.push(makeHint(ctx, 'genitive', words[i].start, words[n].end, 'warning', suggestion, data));
			} else if ((lower === 'der' || lower === 'einer') && i > 1 && isNoun(words[i - 1])) {
				if (/[,;:.!?()]/.test(ctx.text.slice(words[i - 1].end, words[i].start))) continue;
				hints.push(makeHint(ctx, 'genitive', words[i].start, words[n].end, 'info', null, data));
			}
		}
	}
	return hints;
};
