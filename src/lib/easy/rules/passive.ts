/**
 * passive (warning): a form of `werden` and a past participle (Partizip II) in the same clause
 * (the stretch between commas, semicolons, colons and dashes). The hint spans from the one to the
 * other. data: { auxiliary, participle }.
 *
 * Participles are recognised by form, not by a dictionary:
 * - `ge…t` / `ge…en` (`gemacht`, `geschrieben`), except infinitives and adjectives that look alike
 *   (`gehen`, `geben`, `gelten`, `gerecht`, `gemeinsam` …);
 * - separable verbs: prefix + `ge` + stem (`angemeldet`, `eingeladen`, `abgestimmt`), unless the rest
 *   is an infinitive (`eingeben`, `ausgehen`);
 * - `…iert` (`informiert`, `organisiert`);
 * - inseparable prefixes `be-`, `er-`, `ent-`, `emp-`, `ver-`, `zer-`, `miss-`, `über-`, `unter-`
 *   ending in `-t` (`beantragt`, `erstattet`, `verabschiedet`), minus look-alike adjectives
 *   (`bestimmt`, `bekannt`, `bereit` …), plus a list of strong ones ending in `-en`
 *   (`besprochen`, `beschlossen`, `verschoben`), since `-en` after such a prefix is usually an
 *   infinitive (`wird beantragen`).
 * Future tense (`wird kommen`, `werden informieren`) is not flagged. `geworden` is not a passive
 * auxiliary. The state passive with `sein` (`Der Raum ist geöffnet.`) is not flagged. Each
 * auxiliary takes the nearest participle not taken yet, at most MAX_SPAN_WORDS words away.
 */
import type { Hint, Rule, Token } from '../types';
import { MAX_SPAN_WORDS, makeHint, wordSet } from './hint';

const WERDEN = wordSet('werde wirst wird werden werdet wurde wurdest wurden wurdet worden würde würdest würden würdet');

/** Lower-case words of the `ge…t`/`ge…en` shape that are not participles. */
const GE_LOOKALIKES = wordSet(`
gegen gehen geben gelten genießen gewinnen gestalten gehören gelingen geschehen gewesen gefallen
geht gelingt geschieht gefällt gewinnt genießt gestern gesamt gerecht geeignet gewohnt gelegen
gespannt gelten gebühren genehmigen gewähren gewährleisten gebrauchen gedenken gefährden geraten
gestatten gestehen gewöhnen genügen
`);

/** Separable prefixes that put `ge` between themselves and the stem. */
const SEPARABLE =
	'ab|an|auf|aus|bei|dar|ein|fest|fort|her|hin|los|mit|nach|vor|vorbei|weg|weiter|zu|zurück|zusammen|bekannt|statt|teil|frei|hoch|um|durch|wieder|heraus|herein|hinaus|voran|entgegen|da|kennen|kaputt|sicher|klar';
const SEPARABLE_GE = new RegExp(`^(?:${SEPARABLE})(ge\\p{Ll}{2,}(?:t|en))$`, 'u');
const INSEPARABLE_T = /^(?:be|er|ent|emp|ver|zer|miss|über|unter|hinter|wider)\p{Ll}{3,}t$/u;

const INSEPARABLE_LOOKALIKES = wordSet(`
bestimmt bekannt bereit berühmt beliebt bewusst begabt beschäftigt verwandt verrückt verliebt
entspannt überhaupt unterwegs erst ernst bedeutet besitzt bekommt
versteht besteht entsteht erhält erfolgt bittet betrifft
`);

/** Strong participles with an inseparable prefix; an -en form not listed here is read as an infinitive. */
const STRONG_INSEPARABLE = wordSet(`
besprochen beschlossen beschrieben begonnen bezogen betroffen beworben bestanden betrieben
verschoben verboten verstanden verbunden verliehen verworfen vergeben verschwiegen vertrieben
entschieden entworfen entstanden entzogen entnommen entlassen
empfohlen empfangen
erhoben erwiesen ergriffen erschienen erworben
unterschrieben unterbrochen unterzogen übernommen überwiesen übertragen übergeben
zerbrochen
`);

export function isParticiple(word: string): boolean {
	if (!/^\p{Ll}/u.test(word)) return false;
	if (word.length < 5) return false;
	if (word.endsWith('iert') && word.length >= 6) return true;
	if (STRONG_INSEPARABLE.has(word)) return true;
	if (word.startsWith('ge') && /(?:t|en)$/.test(word)) return !GE_LOOKALIKES.has(word) && word !== 'geworden';
	const separable = SEPARABLE_GE.exec(word);
	if (separable) return !GE_LOOKALIKES.has(separable[1]);
	if (INSEPARABLE_T.test(word)) return !INSEPARABLE_LOOKALIKES.has(word);
	return false;
}

/** Words of a sentence grouped by clause (split at , ; : – —). */
function clauses(text: string, words: Token[]): Token[][] {
	const out: Token[][] = [[]];
	for (let i = 0; i < words.length; i++) {
		if (i > 0 && /[,;:–—]|\s-\s/.test(text.slice(words[i - 1].end, words[i].start))) out.push([]);
		out[out.length - 1].push(words[i]);
	}
	return out;
}

/**
 * The participles of a clause (word indexes, ascending), each given out once: `take(i)` hands
 * out the free one nearest to word i (the earlier one on a tie). Path halving over "next free
 * to the left / right" keeps every call near constant, so a clause of thousands of auxiliaries
 * and participles costs about its length, not its length squared.
 */
class Participles {
	private readonly left: Int32Array;
	private readonly right: Int32Array;

	constructor(private readonly at: readonly number[]) {
		// Slots 1…n are the participles; 0 and n + 1 stand for "none" on either side.
		this.left = Int32Array.from({ length: at.length + 2 }, (_, k) => k);
		this.right = Int32Array.from({ length: at.length + 2 }, (_, k) => k);
	}

	private free(links: Int32Array, k: number): number {
		while (links[k] !== k) {
			links[k] = links[links[k]];
			k = links[k];
		}
		return k;
	}

	/** The word index of the nearest free participle to word i (not i itself) within `reach` words, or -1. */
	take(i: number, reach: number): number {
		const n = this.at.length;
		let lo = 0;
		let hi = n;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.at[mid] < i) lo = mid + 1;
			else hi = mid;
		}
		// Slots of the last participle before i and the first after it.
		const before = this.free(this.left, lo);
		const after = this.free(this.right, lo + 1 + (lo < n && this.at[lo] === i ? 1 : 0));
		const hasBefore = before >= 1;
		const hasAfter = after <= n;
		if (!hasBefore && !hasAfter) return -1;
		const slot = !hasAfter || (hasBefore && i - this.at[before - 1] <= this.at[after - 1] - i) ? before : after;
		if (Math.abs(this.at[slot - 1] - i) > reach) return -1;
		this.left[slot] = slot - 1;
		this.right[slot] = slot + 1;
		return this.at[slot - 1];
	}
}

export const passive: Rule = (ctx) => {
	const hints: Hint[] = [];
	for (const sentence of ctx.sentences) {
		// Most sentences have no form of werden: they need no clauses.
		if (!sentence.words.some((w) => WERDEN.has(w.lower))) continue;
		for (const clause of clauses(ctx.text, sentence.words)) {
			let participles: Participles | undefined;
			for (let i = 0; i < clause.length; i++) {
				const auxiliary = clause[i].lower;
				if (!WERDEN.has(auxiliary)) continue;
				participles ??= new Participles(clause.flatMap((w, j) => (isParticiple(w.text) ? [j] : [])));
				const best = participles.take(i, MAX_SPAN_WORDS);
				if (best < 0) continue;
				const a = clause[Math.min(i, best)];
				const b = clause[Math.max(i, best)];
				hints.push(makeHint(ctx, 'passive', a.start, b.end, 'warning', null, { auxiliary, participle: clause[best].text }));
			}
		}
	}
	return hints;
};
