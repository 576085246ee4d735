import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { first, type Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { changeDocumentOn } from '../collab/changeDocument';
import { authorize, type Actor } from '../policies';
import { minutesDoc } from '../../collab/docNames';
import { replaceContent } from '../../minutes/document';
import { holdMinutes, requireMinutes, takeVersion } from '../minutes/state';
import { withDocumentAsRead } from '../collab/documentAsRead';
import { CommandError } from './support/errors';

/**
 * Brings back an earlier version's text and entries, as an edit everyone with the minutes open
 * sees arrive. The text it replaces is kept as a version first: a restore loses nothing and can
 * itself be undone by restoring that version.
 *
 * The text as it stands is read first (the transaction awaits nothing but its own statements);
 * both versions are numbered with the meeting's row held (README, "Rules that span rows"), and
 * the transaction's last statement checks that the text has not moved since the read
 * (`withDocumentAsRead`): an edit typed meanwhile makes the restore run again from the read, so
 * the version kept before the restore has it. The document is changed only once both versions
 * are stored; an edit arriving between the commit and that change (the same moment as the
 * change's own relay) is replaced without being kept.
 */
export async function restoreMinutesVersion(
	data: Data,
	actor: Actor,
	input: { conferenceId: string; groupId: string; meetingId: string; versionId: string; now?: Date }
) {
	// Refused before the document is even read; checked again inside, where it counts.
	authorize(actor, 'minutes.restore', (await requireMinutes(data, input)).subject);
	const now = input.now ?? new Date();
	const { state, ...restored } = await withDocumentAsRead(data, minutesDoc(input.meetingId), ({ doc, unchanged }) =>
		data.transaction(async (tx) => {
			await holdMinutes(data, tx, input.meetingId);
			const { meeting, status, subject } = await requireMinutes(data, input, tx);
			authorize(actor, 'minutes.restore', subject);
			const { minutesVersions } = data.t;
			const version = first(
				await tx
					.select()
					.from(minutesVersions)
					.where(and(eq(minutesVersions.id, input.versionId), eq(minutesVersions.meetingId, meeting.id)))
			);
			if (!version) throw new CommandError('minutes_version_unknown', 'versionId');
			// What the restore will give, worked out on a copy: nothing changes before the database has it.
			const source = new Y.Doc();
			const result = new Y.Doc();
			try {
				Y.applyUpdate(source, version.state);
				Y.applyUpdate(result, Y.encodeStateAsUpdate(doc));
				replaceContent(result, source);
				await takeVersion(data, tx, actor, { meetingId: meeting.id, doc, reason: 'before_restore', status, now });
				const taken = await takeVersion(data, tx, actor, {
					meetingId: meeting.id,
					doc: result,
					reason: 'restored',
					status,
					restoredFromNumber: version.number,
					now
				});
				await recordAuditIn(data, tx, actor, {
					action: 'minutes.restore',
					conferenceId: input.conferenceId,
					subjectType: 'meeting',
					subjectId: meeting.id,
					after: { restoredFrom: version.number, version: taken.number }
				});
				await unchanged();
				return { ...taken, restoredFrom: version.number, state: version.state };
			} finally {
				source.destroy();
				result.destroy();
			}
		})
	);
	const source = new Y.Doc();
	try {
		Y.applyUpdate(source, state);
		await changeDocumentOn(data, minutesDoc(input.meetingId), (live) => replaceContent(live, source));
		return restored;
	} finally {
		source.destroy();
	}
}
