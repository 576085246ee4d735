import { asc, desc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { first, type Data, type Query } from '../db/client';
import { lockForUpdate } from '../db/locks';
import type { Actor, SittingMinutesSubject } from '../policies';
import type { MinutesStatus } from '../../minutes/document';
import type { VersionReason } from '../../minutes/lifecycle';
import { minutesHtml, minutesLines } from '../../minutes/render';
import { resolutionsHtml, resolutionsLines, type ResolutionRecord } from '../../minutes/resolutions';
import { requirePlenarySessionOn } from '../commands/support/guards';
import { minutesLabels } from '../minutes/labels';
import { resolutionLabels } from './labels';

/** The sitting and where its minutes stand (no row yet: a draft with nobody named); `tx`: inside a command's transaction. */
export async function requireSittingMinutesOn(data: Data, input: { conferenceId: string; sessionId: string }, tx: Query = data.q) {
	const { sittingMinutes } = data.t;
	const session = await requirePlenarySessionOn(data, input.conferenceId, input.sessionId, tx);
	const row = first(await tx.select().from(sittingMinutes).where(eq(sittingMinutes.sessionId, session.id)));
	const status: MinutesStatus = row?.status ?? 'draft';
	const subject: SittingMinutesSubject = {
		conferenceId: input.conferenceId,
		sessionId: session.id,
		minuteTakerPersonId: row?.minuteTakerPersonId ?? null,
		status
	};
	return { session, row, status, subject };
}

/**
 * Holds the sitting's row for the rest of the transaction (README, "Rules that span rows"): the
 * minutes' steps and version numbers, and `openPoll`, which takes the same row, follow one another.
 */
export async function holdSittingMinutes(data: Data, tx: Query, sessionId: string): Promise<void> {
	await lockForUpdate(data, tx, data.t.plenarySessions, sessionId);
}

/** The sitting's resolutions in the order they were taken, as the minutes show them. */
export async function sittingResolutionsOn(data: Data, sessionId: string, tx: Query = data.q): Promise<ResolutionRecord[]> {
	const { resolutions } = data.t;
	return tx
		.select({
			number: resolutions.number,
			itemTitle: resolutions.itemTitle,
			motion: resolutions.motion,
			kind: resolutions.kind,
			outcome: resolutions.outcome,
			tally: resolutions.tally
		})
		.from(resolutions)
		.where(eq(resolutions.sessionId, sessionId))
		.orderBy(asc(resolutions.number));
}

/** The minutes as HTML and lines: the text and entries of `doc`, then the resolutions from the database. */
async function sittingMinutesRendering(data: Data, tx: Query, sessionId: string, doc: Y.Doc) {
	const list = await sittingResolutionsOn(data, sessionId, tx);
	const labels = minutesLabels();
	const resolutionWords = resolutionLabels();
	return {
		html: minutesHtml(doc, labels) + resolutionsHtml(list, resolutionWords),
		lines: [...minutesLines(doc, labels), ...resolutionsLines(list, resolutionWords)]
	};
}

/** Stores the minutes as they are in `doc` (with the resolutions as they stand) as the sitting's next version. */
export async function takeSittingVersionOn(
	data: Data,
	tx: Query,
	actor: Actor,
	input: { sessionId: string; doc: Y.Doc; reason: VersionReason; status: MinutesStatus; now: Date }
) {
	const { sittingMinutesVersions } = data.t;
	const last = first(
		await tx
			.select({ number: sittingMinutesVersions.number })
			.from(sittingMinutesVersions)
			.where(eq(sittingMinutesVersions.sessionId, input.sessionId))
			.orderBy(desc(sittingMinutesVersions.number))
			.limit(1)
	);
	const { html, lines } = await sittingMinutesRendering(data, tx, input.sessionId, input.doc);
	const [version] = await tx
		.insert(sittingMinutesVersions)
		.values({
			sessionId: input.sessionId,
			number: (last?.number ?? 0) + 1,
			reason: input.reason,
			status: input.status,
			html,
			lines,
			state: Buffer.from(Y.encodeStateAsUpdate(input.doc)),
			createdAt: input.now,
			createdByPersonId: actor.personId
		})
		.returning({ id: sittingMinutesVersions.id, number: sittingMinutesVersions.number });
	return version;
}
