import { asc, desc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '../db';
import { first, type Data, type Query } from '../db/client';
import { resolutions, sittingMinutes, sittingMinutesVersions } from '../db/schema';
import type { Actor, SittingMinutesSubject } from '../policies';
import type { MinutesStatus } from '../../minutes/document';
import type { VersionReason } from '../../minutes/lifecycle';
import { minutesHtml, minutesLines } from '../../minutes/render';
import { resolutionsHtml, resolutionsLines, type ResolutionRecord } from '../../minutes/resolutions';
import { requirePlenarySession, requirePlenarySessionOn } from '../commands/support/guards';
import { minutesLabels } from '../minutes/labels';
import { resolutionLabels } from './labels';

type Reader = Pick<Db, 'select'>;
type Writer = Pick<Db, 'select' | 'insert'>;

/** The sitting and where its minutes stand (no row yet: a draft with nobody named). */
export function requireSittingMinutes(tx: Reader, input: { conferenceId: string; sessionId: string }) {
	const session = requirePlenarySession(tx, input.conferenceId, input.sessionId);
	const row = tx.select().from(sittingMinutes).where(eq(sittingMinutes.sessionId, session.id)).get();
	const status: MinutesStatus = row?.status ?? 'draft';
	const subject: SittingMinutesSubject = {
		conferenceId: input.conferenceId,
		sessionId: session.id,
		minuteTakerPersonId: row?.minuteTakerPersonId ?? null,
		status
	};
	return { session, row, status, subject };
}

/** `requireSittingMinutes` on the data layer (`tx`: inside a command's transaction). */
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

/** The sitting's resolutions in the order they were taken, as the minutes show them. */
export function sittingResolutions(tx: Reader, sessionId: string): ResolutionRecord[] {
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
		.orderBy(asc(resolutions.number))
		.all();
}

/** The minutes as HTML and lines: the text and entries of `doc`, then the resolutions from SQLite. */
export function sittingMinutesRendering(tx: Reader, sessionId: string, doc: Y.Doc) {
	const list = sittingResolutions(tx, sessionId);
	const labels = minutesLabels();
	const resolutionWords = resolutionLabels();
	return {
		html: minutesHtml(doc, labels) + resolutionsHtml(list, resolutionWords),
		lines: [...minutesLines(doc, labels), ...resolutionsLines(list, resolutionWords)]
	};
}

/** Stores the minutes as they are in `doc` (with the resolutions as they stand) as the sitting's next version. */
export function takeSittingVersion(
	tx: Writer,
	actor: Actor,
	input: { sessionId: string; doc: Y.Doc; reason: VersionReason; status: MinutesStatus; now: Date }
) {
	const last = tx
		.select({ number: sittingMinutesVersions.number })
		.from(sittingMinutesVersions)
		.where(eq(sittingMinutesVersions.sessionId, input.sessionId))
		.orderBy(desc(sittingMinutesVersions.number))
		.limit(1)
		.get();
	const { html, lines } = sittingMinutesRendering(tx, input.sessionId, input.doc);
	return tx
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
		.returning({ id: sittingMinutesVersions.id, number: sittingMinutesVersions.number })
		.get();
}
