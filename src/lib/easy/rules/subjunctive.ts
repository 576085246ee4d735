/**
 * subjunctive (info): Konjunktiv II forms (`würde`, `wäre`, `hätte`, `könnte`, `müsste`, `sollte`,
 * `dürfte`, and a few strong verbs: `käme`, `gäbe`, `ginge`, `bräuchte`, `wüsste`). data: { word }.
 * Suggestion: the indicative where it is a plain swap (`könnte` → `kann`, `wären` → `sind`,
 * `ich hätte` → `ich habe`); none for `würde`, which needs the sentence rebuilt.
 *
 * Decided: `möchte` (`Ich möchte etwas sagen.`) is not flagged. It is the usual polite form in
 * Leichte Sprache and reads as an indicative. Accepted: `sollte`/`sollten` are also the past
 * indicative of `sollen` (`Er sollte kommen.`) and are flagged all the same.
 */
import type { Hint, Rule } from '../types';
import { makeHint, matchCase } from './hint';

const INDICATIVE = new Map<string, string | null>(
	Object.entries({
		würde: null,
		würdest: null,
		würden: null,
		würdet: null,
		wäre: 'ist',
		wärst: 'bist',
		wärest: 'bist',
		wären: 'sind',
		wäret: 'seid',
		wärt: 'seid',
		hätte: 'hat',
		hättest: 'hast',
		hätten: 'haben',
		hättet: 'habt',
		könnte: 'kann',
		könntest: 'kannst',
		könnten: 'können',
		könntet: 'könnt',
		müsste: 'muss',
		müsstest: 'musst',
		müssten: 'müssen',
		müsstet: 'müsst',
		sollte: 'soll',
		solltest: 'sollst',
		sollten: 'sollen',
		solltet: 'sollt',
		dürfte: 'darf',
		dürftest: 'darfst',
		dürften: 'dürfen',
		dürftet: 'dürft',
		käme: 'kommt',
		kämen: 'kommen',
		gäbe: 'gibt',
		ginge: 'geht',
		bräuchte: 'braucht',
		bräuchten: 'brauchen',
		wüsste: 'weiß',
		wüssten: 'wissen'
	})
);

/** First person singular where it differs from the third (`ich wäre` → `ich bin`). */
const FIRST_PERSON = new Map<string, string>(
	Object.entries({
		wäre: 'bin',
		hätte: 'habe',
		käme: 'komme',
		gäbe: 'gebe',
		ginge: 'gehe',
		bräuchte: 'brauche'
	})
);

export const subjunctive: Rule = (ctx) => {
	const hints: Hint[] = [];
	for (const { words } of ctx.sentences) {
		words.forEach((w, i) => {
			const word = w.lower;
			// A Map, not an object: `constructor` is in every object.
			if (!INDICATIVE.has(word)) return;
			const ich = words[i - 1]?.lower === 'ich' || words[i + 1]?.lower === 'ich';
			const replacement = (ich && FIRST_PERSON.get(word)) || INDICATIVE.get(word);
			hints.push(makeHint(ctx, 'subjunctive', w.start, w.end, 'info', replacement ? matchCase(replacement, w.text) : null, { word }));
		});
	}
	return hints;
};
