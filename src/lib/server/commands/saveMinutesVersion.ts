import type { Db } from '../db';
import { recordAudit } from '../audit/record';
import { changeDocument } from '../collab/changeDocument';
import { authorize, type Actor } from '../policies';
import { minutesDoc } from '../../collab/docNames';
import { requireMinutes, takeVersion } from '../minutes/state';

/** A member keeps the minutes as they are now as a version of their own (to compare or go back to). */
export async function saveMinutesVersion(db: Db, actor: Actor, input: { conferenceId: string; groupId: string; meetingId: string; now?: Date }) {
	let version: { id: string; number: number } | undefined;
	// Refused before the document is even opened; checked again inside, where it counts.
	authorize(actor, 'minutes.saveVersion', requireMinutes(db, input).subject);
	// Read inside the server's change, so the version is the live text, not what reached SQLite.
	await changeDocument(db, minutesDoc(input.meetingId), (doc) => {
		db.transaction((tx) => {
			const { meeting, status, subject } = requireMinutes(tx, input);
			authorize(actor, 'minutes.saveVersion', subject);
			version = takeVersion(tx, actor, { meetingId: meeting.id, doc, reason: 'saved', status, now: input.now ?? new Date() });
			recordAudit(tx, actor, {
				action: 'minutes.saveVersion',
				conferenceId: input.conferenceId,
				subjectType: 'meeting',
				subjectId: meeting.id,
				after: { version: version.number }
			});
		});
	});
	return version!;
}
