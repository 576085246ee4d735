import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { holdMinutes, readMinutesCopy, requireMinutes, takeVersion } from '../minutes/state';

/**
 * A member keeps the minutes as they are now as a version of their own (to compare or go back to).
 * The live text is read first (the transaction awaits nothing but its own statements); the
 * version is numbered with the meeting's row held (README, "Rules that span rows"), so two saves
 * at once on PostgreSQL take the next numbers one after the other.
 */
export async function saveMinutesVersion(data: Data, actor: Actor, input: { conferenceId: string; groupId: string; meetingId: string; now?: Date }) {
	// Refused before the document is even read; checked again inside, where it counts.
	authorize(actor, 'minutes.saveVersion', (await requireMinutes(data, input)).subject);
	const doc = await readMinutesCopy(data, input.meetingId);
	try {
		return await data.transaction(async (tx) => {
			await holdMinutes(data, tx, input.meetingId);
			const { meeting, status, subject } = await requireMinutes(data, input, tx);
			authorize(actor, 'minutes.saveVersion', subject);
			const version = await takeVersion(data, tx, actor, { meetingId: meeting.id, doc, reason: 'saved', status, now: input.now ?? new Date() });
			await recordAuditIn(data, tx, actor, {
				action: 'minutes.saveVersion',
				conferenceId: input.conferenceId,
				subjectType: 'meeting',
				subjectId: meeting.id,
				after: { version: version.number }
			});
			return version;
		});
	} finally {
		doc.destroy();
	}
}
