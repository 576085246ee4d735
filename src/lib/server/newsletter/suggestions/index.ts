import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { digests } from '../../db/schema';
import { easyTextSuggestions } from './easyTexts';
import { implementationReportSuggestions } from './implementationReports';
import { meetingSuggestions } from './meetings';
import { minutesSuggestions } from './minutes';
import { plenarySessionSuggestions } from './plenarySessions';
import { recommendationSuggestions } from './recommendations';
import { resolutionSuggestions } from './resolutions';
import { SUGGESTION_KINDS, type Suggestion, type SuggestionKind, type SuggestionSource } from './types';

export { SUGGESTION_KINDS, type Suggestion, type SuggestionKind } from './types';

/** Every source of "since the last issue", in the order the editor sees them. */
export const SUGGESTION_SOURCES: Record<SuggestionKind, SuggestionSource> = {
	recommendation: recommendationSuggestions,
	implementation_report: implementationReportSuggestions,
	resolution: resolutionSuggestions,
	minutes: minutesSuggestions,
	meeting: meetingSuggestions,
	plenary_session: plenarySessionSuggestions,
	easy_text: easyTextSuggestions
};

export const SUGGESTIONS_PER_SOURCE = 8;
/** A conference's first issue looks back this far. */
export const FIRST_ISSUE_DAYS = 90;

/** Where "since the last issue" starts: when the conference last published one. */
export function suggestionsSince(db: Pick<Db, 'select'>, conferenceId: string, now: Date): Date {
	const last = db
		.select({ publishedAt: digests.publishedAt })
		.from(digests)
		.where(and(eq(digests.conferenceId, conferenceId), eq(digests.state, 'published')))
		.orderBy(desc(digests.publishedAt))
		.limit(1)
		.get();
	return last?.publishedAt ?? new Date(now.getTime() - FIRST_ISSUE_DAYS * 86_400_000);
}

/** What the editor may insert into the next issue, source by source, none used before. */
export function listSuggestions(db: Db, conferenceId: string, now = new Date()): Suggestion[] {
	const since = suggestionsSince(db, conferenceId, now);
	return SUGGESTION_KINDS.flatMap((kind) => SUGGESTION_SOURCES[kind].list(db, { conferenceId, since, now, limit: SUGGESTIONS_PER_SOURCE }));
}

/** One suggestion, if it is still offered (of this conference, in the window, not used). */
export function findSuggestion(db: Db, conferenceId: string, kind: SuggestionKind, id: string, now = new Date()): Suggestion | null {
	const since = suggestionsSince(db, conferenceId, now);
	return SUGGESTION_SOURCES[kind].list(db, { conferenceId, since, now, limit: 1, id })[0] ?? null;
}
