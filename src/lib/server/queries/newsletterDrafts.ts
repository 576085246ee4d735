import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Data, first } from '../db/client';

/** The conference's issues for its editors: drafts (newest first) and published ones with how far their sending came. */
export async function newsletterIssues(data: Data, conferenceId: string) {
	const { digestDeliveries, digestSends, digests, workingGroups } = data.t;
	const rows = await data.q
		.select({
			id: digests.id,
			title: digests.title,
			state: digests.state,
			number: digests.number,
			createdAt: digests.createdAt,
			publishedAt: digests.publishedAt,
			audienceName: workingGroups.name,
			sendState: digestSends.state,
			total: digestSends.total,
			// A count is a bigint on PostgreSQL, which node-postgres gives as a string.
			sent: sql<number>`(SELECT count(*) FROM ${digestDeliveries} d WHERE d.send_id = ${digestSends.id} AND d.state = 'sent')`.mapWith(Number)
		})
		.from(digests)
		.leftJoin(workingGroups, eq(workingGroups.id, digests.audienceGroupId))
		.leftJoin(digestSends, eq(digestSends.digestId, digests.id))
		.where(eq(digests.conferenceId, conferenceId))
		// Drafts (no publishedAt) and published issues are split below, so where each database puts
		// NULL among the dates does not matter; ties broken by id for one order on both.
		.orderBy(desc(digests.publishedAt), desc(digests.createdAt), asc(digests.id));
	return {
		drafts: rows.filter((r) => r.state === 'draft'),
		published: rows.filter((r) => r.state === 'published')
	};
}

/** One draft of this conference, for its page (null when it is not one of the conference's). */
export async function digestOfConference(data: Data, conferenceId: string, digestId: string) {
	const { digests } = data.t;
	return (
		first(
			await data.q
				.select()
				.from(digests)
				.where(and(eq(digests.id, digestId), eq(digests.conferenceId, conferenceId)))
		) ?? null
	);
}

export async function audienceChoices(data: Data, conferenceId: string) {
	const { workingGroups } = data.t;
	return await data.q
		.select({ id: workingGroups.id, name: workingGroups.name })
		.from(workingGroups)
		.where(eq(workingGroups.conferenceId, conferenceId))
		.orderBy(asc(workingGroups.name));
}

export type EasyEditionStatus =
	{ status: 'missing' } | { status: 'draft'; writtenAt: Date } | { status: 'checked'; checkedAt: Date; checkedByName: string | null };

/**
 * The Leichte Sprache edition: not written yet, a draft, or checked by the Prüfgruppe, and by whom
 * only for those who may know it (`easyText.seeChecker`: its readers come from the target group).
 */
export async function easyEditionStatus(data: Data, digestId: string, seesChecker: boolean): Promise<EasyEditionStatus> {
	const { easyTexts, people } = data.t;
	const checker = alias(people, 'checker');
	const row = first(
		await data.q
			.select({ status: easyTexts.status, writtenAt: easyTexts.writtenAt, checkedAt: easyTexts.checkedAt, checkedByName: checker.displayName })
			.from(easyTexts)
			.leftJoin(checker, eq(checker.id, easyTexts.checkedByPersonId))
			.where(and(eq(easyTexts.kind, 'digest'), eq(easyTexts.subjectId, digestId)))
	);
	if (!row) return { status: 'missing' };
	if (row.status === 'checked' && row.checkedAt) return { status: 'checked', checkedAt: row.checkedAt, checkedByName: seesChecker ? row.checkedByName : null };
	return { status: 'draft', writtenAt: row.writtenAt };
}
