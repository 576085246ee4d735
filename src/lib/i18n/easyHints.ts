import { m } from '$lib/paraglide/messages';
import type { Hint, RuleId } from '$lib/easy/types';

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** The checker's hints in words: the checker itself names only the rule and its data. */
const describe: Record<RuleId, (data: Record<string, string | number>) => string> = {
	sentence_length: (d) => m.hint_sentence_length({ words: text(d.words), max: text(d.max) }),
	multiple_statements: (d) => m.hint_multiple_statements({ connective: text(d.connective) }),
	passive: () => m.hint_passive(),
	genitive: () => m.hint_genitive(),
	subjunctive: () => m.hint_subjunctive(),
	negation: () => m.hint_negation(),
	abbreviation: () => m.hint_abbreviation(),
	long_word: (d) => m.hint_long_word({ letters: text(d.letters) }),
	number_word: () => m.hint_number_word(),
	date_format: () => m.hint_date_format(),
	time_format: () => m.hint_time_format(),
	percentage: () => m.hint_percentage()
};

export function describeHint(hint: Hint): string {
	return describe[hint.rule](hint.data ?? {});
}
