import { and, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { readDocumentUnlessBrokenOn } from '../collab/readDocument';
import { minutesDoc } from '../../collab/docNames';
import { readActionItems, readDecisions, type MinutesStatus } from '../../minutes/document';
import { bodyHtml } from '../../minutes/render';
import { type Data, first } from '../db/client';

/** Where the minutes stand, and for approved ones, their record (the version stored at approval). */
export async function minutesOverview(data: Data, meetingId: string) {
	const { meetingMinutes, minutesVersions, people } = data.t;
	const approver = alias(people, 'approver');
	const row = first(
		await data.q
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
	);
	const status: MinutesStatus = row?.status ?? 'draft';
	const record =
		status === 'approved'
			? first(
					await data.q
						.select({ html: minutesVersions.html, number: minutesVersions.number })
						.from(minutesVersions)
						.where(and(eq(minutesVersions.meetingId, meetingId), eq(minutesVersions.reason, 'approved')))
						.orderBy(desc(minutesVersions.number))
				)
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
export async function currentMinutes(data: Data, meetingId: string) {
	const current = await readDocumentUnlessBrokenOn(data, minutesDoc(meetingId), (doc) => ({
		html: bodyHtml(doc),
		decisions: readDecisions(doc),
		actions: readActionItems(doc),
		broken: false
	}));
	return current ?? { html: '', decisions: [], actions: [], broken: true };
}

/** A meeting's versions, the latest first, with who took them. */
export async function listMinutesVersions(data: Data, meetingId: string) {
	const { minutesVersions, people } = data.t;
	return await data.q
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
		.orderBy(desc(minutesVersions.number));
}

export async function getMinutesVersion(data: Data, meetingId: string, number: number) {
	const { minutesVersions, people } = data.t;
	return first(
		await data.q
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
	);
}
