import { and, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import { meetingMinutes, minutesVersions, people } from '../db/schema';
import { readDocumentUnlessBroken } from '../collab/readDocument';
import { minutesDoc } from '../../collab/docNames';
import { readActionItems, readDecisions, type MinutesStatus } from '../../minutes/document';
import { bodyHtml } from '../../minutes/render';

/** Where the minutes stand, and for approved ones, their record (the version stored at approval). */
export function minutesOverview(db: Db, meetingId: string) {
	const approver = alias(people, 'approver');
	const row = db
		.select({
			status: meetingMinutes.status,
			approvedAt: meetingMinutes.approvedAt,
			circulatedAt: meetingMinutes.circulatedAt,
			correctionsUntil: meetingMinutes.correctionsUntil,
			approvedByName: approver.displayName
		})
		.from(meetingMinutes)
		.leftJoin(approver, eq(approver.id, meetingMinutes.approvedByPersonId))
		.where(eq(meetingMinutes.meetingId, meetingId))
		.get();
	const status: MinutesStatus = row?.status ?? 'draft';
	const record =
		status === 'approved'
			? db
					.select({ html: minutesVersions.html, number: minutesVersions.number })
					.from(minutesVersions)
					.where(and(eq(minutesVersions.meetingId, meetingId), eq(minutesVersions.reason, 'approved')))
					.orderBy(desc(minutesVersions.number))
					.get()
			: undefined;
	return {
		status,
		circulatedAt: row?.circulatedAt ?? null,
		correctionsUntil: row?.correctionsUntil ?? null,
		approvedAt: row?.approvedAt ?? null,
		approvedByName: row?.approvedByName ?? null,
		record: record ?? null
	};
}

/**
 * The minutes as they stand: the text as HTML and the entries, for the page before (or without)
 * the live editor; `broken` when the document cannot be opened (the page says so in their place).
 */
export function currentMinutes(db: Db, meetingId: string) {
	const current = readDocumentUnlessBroken(db, minutesDoc(meetingId), (doc) => ({
		html: bodyHtml(doc),
		decisions: readDecisions(doc),
		actions: readActionItems(doc),
		broken: false
	}));
	return current ?? { html: '', decisions: [], actions: [], broken: true };
}

/** A meeting's versions, the latest first, with who took them. */
export function listMinutesVersions(db: Db, meetingId: string) {
	return db
		.select({
			id: minutesVersions.id,
			number: minutesVersions.number,
			reason: minutesVersions.reason,
			status: minutesVersions.status,
			restoredFromNumber: minutesVersions.restoredFromNumber,
			createdAt: minutesVersions.createdAt,
			createdByName: people.displayName
		})
		.from(minutesVersions)
		.leftJoin(people, eq(people.id, minutesVersions.createdByPersonId))
		.where(eq(minutesVersions.meetingId, meetingId))
		.orderBy(desc(minutesVersions.number))
		.all();
}

export function getMinutesVersion(db: Db, meetingId: string, number: number) {
	return db
		.select({
			id: minutesVersions.id,
			number: minutesVersions.number,
			reason: minutesVersions.reason,
			status: minutesVersions.status,
			html: minutesVersions.html,
			lines: minutesVersions.lines,
			restoredFromNumber: minutesVersions.restoredFromNumber,
			createdAt: minutesVersions.createdAt,
			createdByName: people.displayName
		})
		.from(minutesVersions)
		.leftJoin(people, eq(people.id, minutesVersions.createdByPersonId))
		.where(and(eq(minutesVersions.meetingId, meetingId), eq(minutesVersions.number, number)))
		.get();
}
