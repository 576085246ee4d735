import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import { digestDeliveries, digests, digestSends, easyTexts, people, workingGroups } from '../db/schema';

/** The conference's issues for its editors: drafts (newest first) and published ones with how far their sending came. */
export function newsletterIssues(db: Db, conferenceId: string) {
	const rows = db
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
			sent: sql<number>`(SELECT count(*) FROM ${digestDeliveries} d WHERE d.send_id = ${digestSends.id} AND d.state = 'sent')`
		})
		.from(digests)
		.leftJoin(workingGroups, eq(workingGroups.id, digests.audienceGroupId))
		.leftJoin(digestSends, eq(digestSends.digestId, digests.id))
		.where(eq(digests.conferenceId, conferenceId))
		.orderBy(desc(digests.publishedAt), desc(digests.createdAt))
		.all();
	return {
		drafts: rows.filter((r) => r.state === 'draft'),
		published: rows.filter((r) => r.state === 'published')
	};
}

/** One draft of this conference, for its page (null when it is not one of the conference's). */
export function digestOfConference(db: Db, conferenceId: string, digestId: string) {
	return (
		db
			.select()
			.from(digests)
			.where(and(eq(digests.id, digestId), eq(digests.conferenceId, conferenceId)))
			.get() ?? null
	);
}

export function audienceChoices(db: Db, conferenceId: string) {
	return db
		.select({ id: workingGroups.id, name: workingGroups.name })
		.from(workingGroups)
		.where(eq(workingGroups.conferenceId, conferenceId))
		.orderBy(asc(workingGroups.name))
		.all();
}

export type EasyEditionStatus =
	{ status: 'missing' } | { status: 'draft'; writtenAt: Date } | { status: 'checked'; checkedAt: Date; checkedByName: string | null };

/**
 * The Leichte Sprache edition: not written yet, a draft, or checked by the Prüfgruppe, and by whom
 * only for those who may know it (`easyText.seeChecker`: its readers come from the target group).
 */
export function easyEditionStatus(db: Db, digestId: string, seesChecker: boolean): EasyEditionStatus {
	const checker = alias(people, 'checker');
	const row = db
		.select({ status: easyTexts.status, writtenAt: easyTexts.writtenAt, checkedAt: easyTexts.checkedAt, checkedByName: checker.displayName })
		.from(easyTexts)
		.leftJoin(checker, eq(checker.id, easyTexts.checkedByPersonId))
		.where(and(eq(easyTexts.kind, 'digest'), eq(easyTexts.subjectId, digestId)))
		.get();
	if (!row) return { status: 'missing' };
	if (row.status === 'checked' && row.checkedAt) return { status: 'checked', checkedAt: row.checkedAt, checkedByName: seesChecker ? row.checkedByName : null };
	return { status: 'draft', writtenAt: row.writtenAt };
}
