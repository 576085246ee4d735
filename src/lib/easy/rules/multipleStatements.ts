/**
 * multiple_statements (warning): signs of a second clause in one sentence. The hint marks the
 * joining word, where the sentence could be split. data: { connective } (lower case, e.g. `weil`, `;`).
 *
 * Signals:
 * - a comma, then a subordinating conjunction (`weil`, `dass`, `wenn`, `obwohl`, `damit`, …),
 *   a coordinating one (`und`, `oder`, `aber`, `denn`, `sondern`, `doch`), or `um`/`ohne` opening
 *   an infinitive clause;
 * - a comma, then a relative pronoun (`die`, `der`, `das`, `dem`, `den`, `deren`, `dessen`, `welche` …)
 *   or `wie`/`wo`, optionally after a preposition (`, mit dem`), when the next word is not a noun
 *   (`, die Liste` is an enumeration, `, die kommen` a relative clause);
 * - a sentence that starts with a subordinating conjunction and has a comma (`Wenn Sie kommen, …`);
 * - a semicolon.
 * Not detected: clauses joined without a comma (`Wir essen und dann gehen wir.`).
 */
import type { Hint, Rule, Token } from '../types';
import { makeHint, wordSet } from './hint';

const SUBORDINATING = wordSet('weil dass daß wenn obwohl obgleich damit nachdem während bevor ehe sodass falls sobald solange seitdem indem ob als');
const COORDINATING = wordSet('und oder aber denn sondern doch');
const RELATIVE = wordSet('die der das dem den deren dessen denen welche welcher welches welchem welchen wie wo worüber wofür womit');
const PREPOSITIONS = wordSet('mit von bei für in an auf aus zu nach über unter vor durch um gegen ohne');
const SENTENCE_OPENERS = wordSet('wenn weil obwohl nachdem falls sobald solange bevor damit');
const PRONOUNS = wordSet('sie ihr ihnen ihre ihren ihrem ich er es wir');

function commaBetween(text: string, a: Token, b: Token): boolean {
	const gap = text.slice(a.end, b.start);
	return gap.includes(',') || gap.includes(';');
}

/**
 * `zu`, `dass`, or an infinitive with `zu` inside (`anzumelden`): what makes `um`/`ohne` after a
 * comma open a clause. Checked on the word's last run of letters, as /zu\p{L}+en$/ would, but
 * without that pattern's retry from every `zu` of a long word (n²).
 */
function opensInfinitive(lower: string): boolean {
	if (lower === 'zu' || lower === 'dass') return true;
	if (!lower.endsWith('en')) return false;
	const letters = lower.split(/\P{L}/u).pop()!;
	return letters.lastIndexOf('zu', letters.length - 5) >= 0;
}

/** The word after a relative pronoun reads like a noun, so this is an article in a list. */
function looksLikeNoun(word: Token | undefined): boolean {
	return !!word && /^\p{Lu}/u.test(word.text) && !PRONOUNS.has(word.lower);
}

export const multipleStatements: Rule = (ctx) => {
	const hints: Hint[] = [];
	for (const sentence of ctx.sentences) {
		const { words } = sentence;
		const found = new Set<number>();
		const add = (start: number, end: number, connective: string) => {
			if (found.has(start)) return;
			found.add(start);
			hints.push(makeHint(ctx, 'multiple_statements', start, end, 'warning', null, { connective }));
		};
		let comma = false;
		// The last word that can close an infinitive clause: `, um` opens one only before it.
		let lastInfinitive = -1;
		for (let i = words.length - 1; i >= 0 && lastInfinitive < 0; i--) if (opensInfinitive(words[i].lower)) lastInfinitive = i;
		for (let i = 1; i < words.length; i++) {
			const gap = ctx.text.slice(words[i - 1].end, words[i].start);
			if (gap.includes(';')) add(words[i - 1].end + gap.indexOf(';'), words[i - 1].end + gap.indexOf(';') + 1, ';');
			if (!commaBetween(ctx.text, words[i - 1], words[i])) continue;
			comma = true;
			const w = words[i];
			const lower = w.lower;
			if (SUBORDINATING.has(lower) || COORDINATING.has(lower)) {
				add(w.start, w.end, lower);
			} else if ((lower === 'um' || lower === 'ohne') && lastInfinitive > i) {
				add(w.start, w.end, lower);
			} else if (RELATIVE.has(lower) && !looksLikeNoun(words[i + 1])) {
				add(w.start, w.end, lower);
			} else if (PREPOSITIONS.has(lower) && words[i + 1] && RELATIVE.has(words[i + 1].lower) && !looksLikeNoun(words[i + 2])) {
				add(w.start, words[i + 1].end, words[i + 1].lower);
			}
		}
		if (comma && words.length > 0 && SENTENCE_OPENERS.has(words[0].lower)) {
			add(words[0].start, words[0].end, words[0].lower);
		}
	}
	return hints;
};
