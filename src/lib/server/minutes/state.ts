import { desc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '../db';
import { meetingMinutes, minutesVersions } from '../db/schema';
import type { Actor, MinutesSubject } from '../policies';
import type { MinutesStatus } from '../../minutes/document';
import { minutesHtml, minutesLines } from '../../minutes/render';
import type { VersionReason } from '../../minutes/lifecycle';
import { meetingSubject } from '../policies/subjects';
import { requireMeeting } from '../commands/support/meetings';
import { minutesLabels } from './labels';

type Reader = Pick<Db, 'select'>;
type Writer = Pick<Db, 'select' | 'insert'>;

/** The meeting and where its minutes stand (no row yet: a draft). */
export function requireMinutes(tx: Reader, input: { conferenceId: string; groupId: string; meetingId: string }) {
	const meeting = requireMeeting(tx, input.conferenceId, input.groupId, input.meetingId);
	const row = tx.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meeting.id)).get();
	const status: MinutesStatus = row?.status ?? 'draft';
	const subject: MinutesSubject = { ...meetingSubject(input.conferenceId, meeting), status };
	return { meeting, row, status, subject };
}

/** Stores the minutes as they are in `doc` as the meeting's next version. */
export function takeVersion(
	tx: Writer,
	actor: Actor,
	input: { meetingId: string; doc: Y.Doc; reason: VersionReason; status: MinutesStatus; restoredFromNumber?: number; now: Date }
) {
	const last = tx
		.select({ number: minutesVersions.number })
		.from(minutesVersions)
		.where(eq(minutesVersions.meetingId, input.meetingId))
		.orderBy(desc(minutesVersions.number))
		.limit(1)
		.get();
	const labels = minutesLabels();
	return tx
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
		.returning({ id: minutesVersions.id, number: minutesVersions.number })
		.get();
}
