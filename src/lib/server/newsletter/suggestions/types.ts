import { sql, type SQL } from 'drizzle-orm';
import type { AnyColumn } from 'drizzle-orm';
import type { Data } from '../../db/client';
import type { SuggestionKind } from '../../../newsletter/suggestionKinds';

export { SUGGESTION_KINDS, type SuggestionKind } from '../../../newsletter/suggestionKinds';

/** What happened since the last issue, offered to the editor as a block to insert. */
export interface Suggestion {
	/** The registry entry (index.ts) that found it; stored in `digest_suggestions_used.source_kind`. */
	sourceKind: SuggestionKind;
	/** The row it is about, within its kind. */
	sourceId: string;
	title: string;
	/** A sentence or two of the record itself (the motion, the report's note), never invented. */
	summary: string;
	date: Date;
	/** Its public page where it has one, else its page in the product (root-relative). */
	href: string;
}

export interface SuggestionQuery {
	conferenceId: string;
	/** Things that happened after this (the last published issue, or 90 days back). */
	since: Date;
	now: Date;
	/** At most this many per source: the list is a reminder, not an archive. */
	limit: number;
	/** Only this row (inserting one checks that it is still offered). */
	id?: string;
}

export interface SuggestionSource {
	kind: SuggestionKind;
	list(data: Data, query: SuggestionQuery): Promise<Suggestion[]>;
}

/** A summary is a teaser: the text up to a word boundary near `max`, with an ellipsis if cut. */
export function clipSummary(text: string, max = 280): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) return flat;
	const cut = flat.slice(0, max);
	const space = cut.lastIndexOf(' ');
	return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:–-]+$/, '')} …`;
}

/**
 * Leaves out what was inserted into an issue already: the exclusion is in the query, so `limit`
 * counts only what is offered. The same SQL on both databases (text parameters, text columns).
 */
export function notUsed(conferenceId: string, kind: SuggestionKind, id: AnyColumn): SQL {
	return sql`NOT EXISTS (SELECT 1 FROM digest_suggestions_used u WHERE u.conference_id = ${conferenceId} AND u.source_kind = ${kind} AND u.source_id = ${id})`;
}

/** Meetings and sittings this far ahead are announced. */
export const UPCOMING_DAYS = 60;
