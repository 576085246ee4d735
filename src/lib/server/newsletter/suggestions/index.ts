import { and, desc, eq } from 'drizzle-orm';
import { first, type Data } from '../../db/client';
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
export async function suggestionsSince(data: Data, conferenceId: string, now: Date): Promise<Date> {
	const { digests } = data.t;
	const last = first(
		await data.q
			.select({ publishedAt: digests.publishedAt })
			.from(digests)
			.where(and(eq(digests.conferenceId, conferenceId), eq(digests.state, 'published')))
			.orderBy(desc(digests.publishedAt))
			.limit(1)
	);
	return last?.publishedAt ?? new Date(now.getTime() - FIRST_ISSUE_DAYS * 86_400_000);
}

/** What the editor may insert into the next issue, source by source, none used before. */
export async function listSuggestions(data: Data, conferenceId: string, now = new Date()): Promise<Suggestion[]> {
	const since = await suggestionsSince(data, conferenceId, now);
	const perSource = await Promise.all(
		SUGGESTION_KINDS.map((kind) => SUGGESTION_SOURCES[kind].list(data, { conferenceId, since, now, limit: SUGGESTIONS_PER_SOURCE }))
	);
	return perSource.flat();
}

/** One suggestion, if it is still offered (of this conference, in the window, not used). */
export async function findSuggestion(data: Data, conferenceId: string, kind: SuggestionKind, id: string, now = new Date()): Promise<Suggestion | null> {
	const since = await suggestionsSince(data, conferenceId, now);
	return (await SUGGESTION_SOURCES[kind].list(data, { conferenceId, since, now, limit: 1, id }))[0] ?? null;
}
