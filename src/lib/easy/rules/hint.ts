import type { Hint, RuleContext, RuleId, Severity } from '../types';

/**
 * Farthest apart, in words, two words that one hint joins (`wird … informiert`, `weder … noch`).
 * Farther apart they are not one construction a reader holds in mind; and since such hints may
 * overlap, without a bound their excerpts could add up to the square of the text's length.
 */
export const MAX_SPAN_WORDS = 20;

/** A hint whose excerpt is read from the original text. */
export function makeHint(
	ctx: RuleContext,
	rule: RuleId,
	start: number,
	end: number,
	severity: Severity,
	suggestion?: string | null,
	data?: Record<string, string | number>
): Hint {
	const hint: Hint = { rule, start, end, excerpt: ctx.original.slice(start, end), severity };
	if (suggestion) hint.suggestion = suggestion;
	if (data) hint.data = data;
	return hint;
}

/** `wäre` → `Wäre` when the replaced text started with a capital. */
export function matchCase(replacement: string, original: string): string {
	if (/^\p{Lu}/u.test(original) && /^\p{Ll}/u.test(replacement)) {
		return replacement.charAt(0).toUpperCase() + replacement.slice(1);
	}
	return replacement;
}

/** Word list from a whitespace-separated string, lower case. */
export function wordSet(words: string): Set<string> {
	return new Set(words.trim().split(/\s+/));
}
