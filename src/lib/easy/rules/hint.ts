import type { Hint, RuleContext, RuleId, Severity } from '../types';

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
