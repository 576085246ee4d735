import { and, asc, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { readDocumentUnlessBrokenOn } from '../collab/readDocument';
import { sittingMinutesDoc } from '../../collab/docNames';
import { readActionItems, readDecisions, type MinutesStatus } from '../../minutes/document';
import { bodyHtml } from '../../minutes/render';
import { type Data, first } from '../db/client';

/** Where a sitting's minutes stand, who takes them, and for approved ones their record (the version stored at approval). */
export async function sittingMinutesOverview(data: Data, sessionId: string) {
	const { people, sittingMinutes, sittingMinutesVersions } = data.t;
	const approver = alias(people, 'approver');
	const taker = alias(people, 'taker');
	const row = first(
		await data.q
			.select({
				status: sittingMinutes.status,
				minuteTakerPersonId: sittingMinutes.minuteTakerPersonId,
				minuteTakerName: taker.displayName,
				correctionsUntil: sittingMinutes.correctionsUntil,
				circulatedAt: sittingMinutes.circulatedAt,
				approvedAt: sittingMinutes.approvedAt,
				approvedByName: approver.displayName
			})
			.from(sittingMinutes)
			.leftJoin(approver, eq(approver.id, sittingMinutes.approvedByPersonId))
			.leftJoin(taker, eq(taker.id, sittingMinutes.minuteTakerPersonId))
			.where(eq(sittingMinutes.sessionId, sessionId))
	);
	const status: MinutesStatus = row?.status ?? 'draft';
	const record =
		status === 'approved'
			? first(
					await data.q
						.select({ html: sittingMinutesVersions.html, number: sittingMinutesVersions.number })
						.from(sittingMinutesVersions)
						.where(and(eq(sittingMinutesVersions.sessionId, sessionId), eq(sittingMinutesVersions.reason, 'approved')))
						.orderBy(desc(sittingMinutesVersions.number))
				)
			: undefined;
	return {
		status,
		minuteTakerPersonId: row?.minuteTakerPersonId ?? null,
		minuteTakerName: row?.minuteTakerName ?? null,
		correctionsUntil: row?.correctionsUntil ?? null,
		circulatedAt: row?.circulatedAt ?? null,
		approvedAt: row?.approvedAt ?? null,
		approvedByName: row?.approvedByName ?? null,
		record: record ?? null
	};
}

/** The text and entries as they stand (for the page before, or without, the live editor); `broken` when the document cannot be opened. */
export async function currentSittingMinutes(data: Data, sessionId: string) {
	const current = await readDocumentUnlessBrokenOn(data, sittingMinutesDoc(sessionId), (doc) => ({
		html: bodyHtml(doc),
		decisions: readDecisions(doc),
		actions: readActionItems(doc),
		broken: false
	}));
	return current ?? { html: '', decisions: [], actions: [], broken: true };
}

/** Whom the office can name: everyone holding a role in the conference, once each, by name. */
export async function minuteTakerCandidates(data: Data, conferenceId: string) {
	const { conferenceMemberships, people } = data.t;
	return await data.q
		.selectDistinct({ personId: people.id, displayName: people.displayName })
		.from(conferenceMemberships)
		.innerJoin(people, eq(people.id, conferenceMemberships.personId))
		.where(eq(conferenceMemberships.conferenceId, conferenceId))
		.orderBy(asc(people.displayName));
}

/** A sitting's versions, the latest first, with who took them. */
export async function listSittingMinutesVersions(data: Data, sessionId: string) {
	const { people, sittingMinutesVersions } = data.t;
	return await data.q
		.select({
			number: sittingMinutesVersions.number,
			reason: sittingMinutesVersions.reason,
			status: sittingMinutesVersions.status,
			createdAt: sittingMinutesVersions.createdAt,
			createdByName: people.displayName
		})
		.from(sittingMinutesVersions)
		.leftJoin(people, eq(people.id, sittingMinutesVersions.createdByPersonId))
		.where(eq(sittingMinutesVersions.sessionId, sessionId))
		.orderBy(desc(sittingMinutesVersions.number));
}
