/** The sources of "since the last issue" (src/lib/server/newsletter/suggestions/), by the name stored in `digest_suggestions_used.source_kind`. */
export const SUGGESTION_KINDS = ['recommendation', 'implementation_report', 'resolution', 'minutes', 'meeting', 'plenary_session', 'easy_text'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];
