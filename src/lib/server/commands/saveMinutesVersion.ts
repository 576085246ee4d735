import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { holdMinutes, requireMinutes, takeVersion } from '../minutes/state';
import { withDocumentAsRead } from '../collab/documentAsRead';
import { minutesDoc } from '../../collab/docNames';

/**
 * A member keeps the minutes as they are now as a version of their own (to compare or go back to).
 * The live text is read first (the transaction awaits nothing but its own statements); the
 * version is numbered with the meeting's row held (README, "Rules that span rows"), so two saves
 * at once on PostgreSQL take the next numbers one after the other; and the transaction's last
 * statement checks that the text has not moved since the read (`withDocumentAsRead`): an edit
 * typed meanwhile makes it run again from the read, so the version has what the member saw.
 */
export async function saveMinutesVersion(data: Data, actor: Actor, input: { conferenceId: string; groupId: string; meetingId: string; now?: Date }) {
	// Refused before the document is even read; checked again inside, where it counts.
	authorize(actor, 'minutes.saveVersion', (await requireMinutes(data, input)).subject);
	return withDocumentAsRead(data, minutesDoc(input.meetingId), ({ doc, unchanged }) =>
		data.transaction(async (tx) => {
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
			await unchanged();
			return version;
		})
	);
}
