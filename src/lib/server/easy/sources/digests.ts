import { and, asc, eq } from 'drizzle-orm';
import { digestDoc } from '../../../collab/kinds/digest';
import { joinText } from '../../../easy/standardTexts';
import { bodyText } from '../../../minutes/render';
import { readDocumentUnlessBrokenOn } from '../../collab/readDocument';
import type { Data } from '../../db/client';
import type { EasySource, EasySubject } from './types';

interface Row {
	id: string;
	title: string;
	createdAt: Date;
	state: string;
}

async function drafts(data: Data, conferenceId: string, digestId?: string): Promise<Row[]> {
	const { digests } = data.t;
	return await data.q
		.select({ id: digests.id, title: digests.title, createdAt: digests.createdAt, state: digests.state })
		.from(digests)
		.where(and(eq(digests.conferenceId, conferenceId), digestId ? eq(digests.id, digestId) : undefined))
		.orderBy(asc(digests.createdAt), asc(digests.id));
}

async function subject(data: Data, conferenceId: string, row: Row): Promise<EasySubject> {
	return {
		kind: 'digest',
		subjectId: row.id,
		conferenceId,
		groupId: null,
		title: row.title,
		context: null,
		when: row.createdAt,
		standardText: joinText(...((await readDocumentUnlessBrokenOn(data, digestDoc(row.id), bodyText)) ?? [])),
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
	list: async (data, conferenceId) => {
		const subjects: EasySubject[] = [];
		for (const row of await drafts(data, conferenceId)) if (row.state === 'draft') subjects.push(await subject(data, conferenceId, row));
		return subjects;
	},
	find: async (data, conferenceId, subjectId) => {
		const row = (await drafts(data, conferenceId, subjectId))[0];
		return row ? await subject(data, conferenceId, row) : null;
	}
};
