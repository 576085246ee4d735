/**
 * Types of the Leichte Sprache checker. Hints carry no UI text: the UI words each hint by its
 * `rule` id and fills placeholders from `data`.
 */

export const RULE_IDS = [
	'sentence_length',
	'multiple_statements',
	'passive',
	'genitive',
	'subjunctive',
	'negation',
	'abbreviation',
	'long_word',
	'number_word',
	'date_format',
	'time_format',
	'percentage'
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'warning' | 'info';

export type Separator = 'hyphen' | 'mediopunkt';

export interface CheckOptions {
	/** Most words a sentence may have (default 10). */
	maxWords?: number;
	/** How long words are split in suggestions: `Gesundheits-Konferenz` or `Gesundheits·konferenz` (default). */
	separator?: Separator;
}

export interface Hint {
	rule: RuleId;
	/** Offsets into the checked text (UTF-16 code units, as `String.prototype.slice` takes them), end exclusive. */
	start: number;
	end: number;
	/** `text.slice(start, end)`. */
	excerpt: string;
	/** A replacement for the excerpt, where the checker can offer one. Never UI prose. */
	suggestion?: string;
	severity: Severity;
	/** Placeholders for the UI message; keys per rule are listed in the rule's file. */
	data?: Record<string, string | number>;
}

export interface Scores {
	/** Flesch reading ease, Amstad's German variant, clamped to 0…100 (higher is easier). 0 for an empty text. */
	fleschAmstad: number;
	/** Läsbarhetsindex (lower is easier; below ~40 is easy). 0 for an empty text. */
	lix: number;
	sentences: number;
	words: number;
	averageSentenceLength: number;
}

export interface CheckResult {
	/** Sorted by start, then end, then rule order of RULE_IDS. */
	hints: Hint[];
	scores: Scores;
}

/** A word as the checker sees it: letters and digits, with inner `-`, `·`, `.`, `:`, `*`, `/`, `'` kept. */
export interface Token {
	text: string;
	/** `text` in lower case. */
	lower: string;
	start: number;
	end: number;
}

export interface Sentence {
	start: number;
	end: number;
	words: Token[];
}

export interface RuleContext {
	/** The checked text with web and mail addresses blanked out (same length, same offsets). */
	text: string;
	/** The text as given, for excerpts. */
	original: string;
	sentences: Sentence[];
	maxWords: number;
	separator: Separator;
}

export type Rule = (ctx: RuleContext) => Hint[];
