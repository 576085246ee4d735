import { and, asc, desc, eq, gt, notInArray } from 'drizzle-orm';
import { EASY_SOURCES } from '../../easy/sources';
import { clipSummary, notUsed, type SuggestionSource } from './types';

/**
 * Texts in Leichte Sprache the Prüfgruppe checked since: worth telling readers who need them.
 * The title and the page come from the text's own source; one whose subject is gone is left out.
 * The newsletter's own easy edition is not news about the conference, and the invitation's is
 * read in the invitation itself: its page is the office's form, which no reader may open.
 */
export const easyTextSuggestions: SuggestionSource = {
	kind: 'easy_text',
	list: async (data, q) => {
		const { easyTexts } = data.t;
		const rows = await data.q
			.select({ id: easyTexts.id, kind: easyTexts.kind, subjectId: easyTexts.subjectId, body: easyTexts.body, checkedAt: easyTexts.checkedAt })
			.from(easyTexts)
			.where(
				and(
					eq(easyTexts.conferenceId, q.conferenceId),
					eq(easyTexts.status, 'checked'),
					notInArray(easyTexts.kind, ['digest', 'invitation']),
					gt(easyTexts.checkedAt, q.since),
					q.id ? eq(easyTexts.id, q.id) : undefined,
					notUsed(q.conferenceId, 'easy_text', easyTexts.id)
				)
			)
			.orderBy(desc(easyTexts.checkedAt), asc(easyTexts.id))
			.limit(q.limit);
		const suggestions = [];
		for (const row of rows) {
			const subject = await EASY_SOURCES[row.kind].find(data, q.conferenceId, row.subjectId);
			if (!subject) continue;
			suggestions.push({
				sourceKind: 'easy_text' as const,
				sourceId: row.id,
				title: subject.title,
				summary: clipSummary(row.body),
				date: row.checkedAt ?? q.now,
				href: subject.href
			});
		}
		return suggestions;
	}
};
