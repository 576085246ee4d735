/**
 * The Leichte Sprache checker: live hints while writing, and readability scores.
 * Pure and synchronous; fast enough to run on every keystroke for a few thousand words.
 * It helps; the sign-off by readers from the target group (Prüfgruppe) decides.
 *
 * It runs on the server too, on the event loop every request shares, for text anyone who may
 * write has posted: its work is linear in the text on any input (checker.work.spec.ts counts it,
 * `npm run bench:checker` times it). Every step keeps to that: no search per match (claimed
 * stretches, one pointer through sorted matches), no pattern that retries a long run from each
 * of its characters, compound splitting bounded by the longest morpheme and the longest word.
 *
 * ```ts
 * const { hints, scores } = checkEasyLanguage(text, { maxWords: 10, separator: 'mediopunkt' });
 * // The UI words each hint by its rule id, with `data` as placeholders, and may offer `suggestion`
 * // as a replacement for `text.slice(h.start, h.end)`.
 * for (const h of hints) mark(h.start, h.end, messageFor(h.rule, h.data ?? {}), h.suggestion);
 * ```
 */
import { abbreviation } from './rules/abbreviation';
import { dateFormat } from './rules/dateFormat';
import { genitive } from './rules/genitive';
import { longWord } from './rules/longWord';
import { multipleStatements } from './rules/multipleStatements';
import { negation } from './rules/negation';
import { numberWord } from './rules/numberWord';
import { passive } from './rules/passive';
import { percentage } from './rules/percentage';
import { sentenceLength } from './rules/sentenceLength';
import { subjunctive } from './rules/subjunctive';
import { timeFormat } from './rules/timeFormat';
import { scoreSentences } from './scores';
import { maskAddresses, splitSentences } from './sentences';
import { RULE_IDS, type CheckOptions, type CheckResult, type Rule, type RuleContext, type RuleId } from './types';

export { RULE_IDS } from './types';
export type { CheckOptions, CheckResult, Hint, RuleId, Scores, Separator, Severity } from './types';

export const DEFAULT_MAX_WORDS = 10;

const RULES: Record<RuleId, Rule> = {
	sentence_length: sentenceLength,
	multiple_statements: multipleStatements,
	passive,
	genitive,
	subjunctive,
	negation,
	abbreviation,
	long_word: longWord,
	number_word: numberWord,
	date_format: dateFormat,
	time_format: timeFormat,
	percentage
};

export function checkEasyLanguage(text: string, options: CheckOptions = {}): CheckResult {
	const maxWords =
		options.maxWords !== undefined && Number.isFinite(options.maxWords) && options.maxWords >= 1 ? Math.floor(options.maxWords) : DEFAULT_MAX_WORDS;
	const masked = maskAddresses(text);
	const sentences = splitSentences(masked);
	const ctx: RuleContext = {
		text: masked,
		original: text,
		sentences,
		maxWords,
		separator: options.separator === 'hyphen' ? 'hyphen' : 'mediopunkt'
	};
	// In rule order; the sort is stable, so hints on the same stretch keep that order.
	const hints = RULE_IDS.flatMap((id) => RULES[id](ctx));
	hints.sort((a, b) => a.start - b.start || a.end - b.end);
	return { hints, scores: scoreSentences(sentences) };
}
