import { and, asc, eq } from 'drizzle-orm';
import { digestDoc } from '../../../collab/kinds/digest';
import { joinText } from '../../../easy/standardTexts';
import { bodyText } from '../../../minutes/render';
import { readDocumentUnlessBroken } from '../../collab/readDocument';
import type { Db } from '../../db';
import { digests } from '../../db/schema';
import type { EasySource, EasySubject } from './types';

function drafts(db: Db, conferenceId: string, digestId?: string) {
	return db
		.select({ id: digests.id, title: digests.title, createdAt: digests.createdAt, state: digests.state })
		.from(digests)
		.where(and(eq(digests.conferenceId, conferenceId), digestId ? eq(digests.id, digestId) : undefined))
		.orderBy(asc(digests.createdAt))
		.all();
}

function subject(db: Db, conferenceId: string, row: ReturnType<typeof drafts>[number]): EasySubject {
	return {
		kind: 'digest',
		subjectId: row.id,
		conferenceId,
		groupId: null,
		title: row.title,
		context: null,
		when: row.createdAt,
		standardText: joinText(...(readDocumentUnlessBroken(db, digestDoc(row.id), bodyText) ?? [])),
		startingPoint: null,
		href: `/conferences/${conferenceId}/newsletter/${row.id}`
	};
}

/**
 * The Leichte Sprache edition of a newsletter issue, written while it is a draft. A published
 * issue keeps the easy text it was published with (frozen in the digests row), so only drafts
 * are listed; `find` still answers for a published one, to show what was signed off.
 */
export const digestTexts: EasySource = {
	kind: 'digest',
	list: (db, conferenceId) =>
		drafts(db, conferenceId)
			.filter((row) => row.state === 'draft')
			.map((row) => subject(db, conferenceId, row)),
	find: (db, conferenceId, subjectId) => {
		const row = drafts(db, conferenceId, subjectId)[0];
		return row ? subject(db, conferenceId, row) : null;
	}
};
