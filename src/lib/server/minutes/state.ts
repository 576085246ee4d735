import { desc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { first, type Data, type Query } from '../db/client';
import { lockForUpdate } from '../db/locks';
import type { Actor, MinutesSubject } from '../policies';
import type { MinutesStatus } from '../../minutes/document';
import { minutesHtml, minutesLines } from '../../minutes/render';
import type { VersionReason } from '../../minutes/lifecycle';
import { meetingSubject } from '../policies/subjects';
import { requireMeetingOn } from '../commands/support/meetings';
import { minutesLabels } from './labels';

/**
 * The meeting and where its minutes stand (no row yet: a draft). `tx`: inside a command's
 * transaction; there, call `holdMinutes` first, so what is read here stays so until the commit.
 */
export async function requireMinutes(data: Data, input: { conferenceId: string; groupId: string; meetingId: string }, tx: Query = data.q) {
	const { meetingMinutes } = data.t;
	const meeting = await requireMeetingOn(data, input.conferenceId, input.groupId, input.meetingId, tx);
	const row = first(await tx.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meeting.id)));
	const status: MinutesStatus = row?.status ?? 'draft';
	const subject: MinutesSubject = { ...meetingSubject(input.conferenceId, meeting), status };
	return { meeting, row, status, subject };
}

/**
 * The meeting's row, held for update until the transaction ends (README, "Rules that span rows"):
 * every writer of the minutes' versions and status takes it before it reads them, so on
 * PostgreSQL two steps or two versions of one meeting take turns (the second reads the first's
 * status and number) instead of both reading the same and writing over each other. A meeting
 * that does not exist locks nothing: `requireMinutes` then refuses it.
 */
export async function holdMinutes(data: Data, tx: Query, meetingId: string): Promise<void> {
	await lockForUpdate(data, tx, data.t.groupMeetings, meetingId);
}

/**
 * Stores the minutes as they are in `doc` as the meeting's next version, in the transaction `tx`
 * that holds the meeting's row (`holdMinutes`); `minutes_versions_meeting_number` backs the number.
 */
export async function takeVersion(
	data: Data,
	tx: Query,
	actor: Actor,
	input: { meetingId: string; doc: Y.Doc; reason: VersionReason; status: MinutesStatus; restoredFromNumber?: number; now: Date }
) {
	const { minutesVersions } = data.t;
	const last = first(
		await tx
			.select({ number: minutesVersions.number })
			.from(minutesVersions)
			.where(eq(minutesVersions.meetingId, input.meetingId))
			.orderBy(desc(minutesVersions.number))
			.limit(1)
	);
	const labels = minutesLabels();
	const [version] = await tx
		.insert(minutesVersions)
		.values({
			meetingId: input.meetingId,
			number: (last?.number ?? 0) + 1,
			reason: input.reason,
			status: input.status,
			html: minutesHtml(input.doc, labels),
			lines: minutesLines(input.doc, labels),
			state: Buffer.from(Y.encodeStateAsUpdate(input.doc)),
			restoredFromNumber: input.restoredFromNumber ?? null,
			createdAt: input.now,
			createdByPersonId: actor.personId
		})
		.returning({ id: minutesVersions.id, number: minutesVersions.number });
	return version;
}
