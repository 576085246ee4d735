import { describe, expect, it } from 'vitest';
import { checkEasyLanguage, DEFAULT_MAX_WORDS, RULE_IDS, type Hint } from './checker';

/** Easy-language text as the pages would carry it: one sentence per line, Mediopunkt. */
const EASY = `Einladung zur Gesundheits·konferenz
Die Gesundheits·konferenz trifft sich.
Das Treffen ist am Montag, 15. August 2026.
Das Treffen beginnt um 9:00 Uhr.
Das Treffen endet um 12:00 Uhr.
Wir treffen uns im Rat·haus.
Das Rat·haus ist in der Haupt·straße 3.
Alle Menschen aus dem Land·kreis können kommen.
Sie können mit·reden.
Sie möchten etwas sagen?
Dann heben Sie die Hand.
Bitte sagen Sie uns vorher Bescheid.
Dann planen wir genug Platz.
Sie bekommen Geld für die Fahrt.
Das Geld heißt: Fahrt·kosten.
Eine Begleit·person kann mit·kommen.
Haben Sie Fragen?
Rufen Sie uns an: 05231 62-0.
Oder schreiben Sie uns eine E-Mail: gesundheit@kreis-lippe.de`;

/** Standard German with one or more hints of every rule. */
const HARD =
	'Die Einladung wird am 15.08.2026 verschickt, weil die Sitzung des Landkreises z. B. um 9.00 Uhr beginnt. ' +
	'Das wäre nicht gut. 50 % der Mitglieder der AOK haben drei Fragen zur Gesundheitskonferenz.';

const rules = (hints: Hint[]) => [...new Set(hints.map((h) => h.rule))].sort();

describe('checkEasyLanguage', () => {
	it('finds no warnings, and no hints at all, in an easy-language text', () => {
		const { hints, scores } = checkEasyLanguage(EASY);
		expect(hints).toEqual([]);
		expect(scores.sentences).toBe(19);
		expect(scores.averageSentenceLength).toBeLessThan(6);
		expect(scores.fleschAmstad).toBeGreaterThan(70);
		expect(scores.lix).toBeLessThan(40);
	});

	it('finds every rule in a standard text', () => {
		const { hints, scores } = checkEasyLanguage(HARD);
		expect(rules(hints)).toEqual([...RULE_IDS].sort());
		expect(scores.sentences).toBe(3);
	});

	it('gives excerpts that are the text at the offsets, sorted by position', () => {
		const { hints } = checkEasyLanguage(HARD);
		for (const h of hints) expect(HARD.slice(h.start, h.end)).toBe(h.excerpt);
		const starts = hints.map((h) => h.start);
		expect(starts).toEqual([...starts].sort((a, b) => a - b));
	});

	it('uses the default options and the separator setting', () => {
		expect(DEFAULT_MAX_WORDS).toBe(10);
		const medio = checkEasyLanguage('Die Gesundheitskonferenz tagt.').hints[0];
		const hyphen = checkEasyLanguage('Die Gesundheitskonferenz tagt.', { separator: 'hyphen' }).hints[0];
		expect([medio.suggestion, hyphen.suggestion]).toEqual(['Gesundheits·konferenz', 'Gesundheits-Konferenz']);
	});

	it('leaves web and mail addresses alone', () => {
		expect(checkEasyLanguage('Mehr auf www.gesundheitskonferenz-lippe.de/AOK-Infos.\nSchreiben Sie an GKL@kreis.de.').hints).toEqual([]);
	});

	it('handles an empty text', () => {
		expect(checkEasyLanguage('')).toEqual({
			hints: [],
			scores: { fleschAmstad: 0, lix: 0, sentences: 0, words: 0, averageSentenceLength: 0 }
		});
	});

	it('is deterministic', () => {
		expect(checkEasyLanguage(HARD)).toEqual(checkEasyLanguage(HARD));
	});

	it('gives the same hints on a long text (about 2000 words), shifted by offset', () => {
		const block = `${HARD}\n${EASY}\n`;
		const copies = 16;
		const long = block.repeat(copies);
		const one = checkEasyLanguage(block);
		const many = checkEasyLanguage(long);
		expect(many.scores.words).toBeGreaterThan(1900);
		expect(many.scores.sentences).toBe(one.scores.sentences * copies);
		expect(many.hints).toHaveLength(one.hints.length * copies);
		const last = many.hints.slice(-one.hints.length);
		const shift = block.length * (copies - 1);
		expect(last.map((h) => ({ ...h, start: h.start - shift, end: h.end - shift }))).toEqual(one.hints);
		expect(many.scores.fleschAmstad).toBe(one.scores.fleschAmstad);
	});
});
