import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '../db';
import { minutesVersions } from '../db/schema';
import { recordAudit } from '../audit/record';
import { changeDocument } from '../collab/changeDocument';
import { authorize, type Actor } from '../policies';
import { minutesDoc } from '../../collab/docNames';
import { replaceContent } from '../../minutes/document';
import { requireMinutes, takeVersion } from '../minutes/state';
import { CommandError } from './support/errors';

/**
 * Brings back an earlier version's text and entries, as an edit everyone with the minutes open
 * sees arrive. The text it replaces is kept as a version first: a restore loses nothing and can
 * itself be undone by restoring that version.
 */
export async function restoreMinutesVersion(
	db: Db,
	actor: Actor,
	input: { conferenceId: string; groupId: string; meetingId: string; versionId: string; now?: Date }
) {
	let restored: { id: string; number: number; restoredFrom: number } | undefined;
	// Refused before the document is even opened; checked again inside, where it counts.
	authorize(actor, 'minutes.restore', requireMinutes(db, input).subject);
	await changeDocument(db, minutesDoc(input.meetingId), (doc) => {
		const now = input.now ?? new Date();
		let source: Y.Doc | undefined;
		try {
			db.transaction((tx) => {
				const { meeting, status, subject } = requireMinutes(tx, input);
				authorize(actor, 'minutes.restore', subject);
				const version = tx
					.select()
					.from(minutesVersions)
					.where(and(eq(minutesVersions.id, input.versionId), eq(minutesVersions.meetingId, meeting.id)))
					.get();
				if (!version) throw new CommandError('minutes_version_unknown', 'versionId');
				source = new Y.Doc();
				Y.applyUpdate(source, version.state);
				// What the restore will give, worked out on a copy: nothing changes before SQLite has it.
				const result = new Y.Doc();
				Y.applyUpdate(result, Y.encodeStateAsUpdate(doc));
				replaceContent(result, source);
				takeVersion(tx, actor, { meetingId: meeting.id, doc, reason: 'before_restore', status, now });
				restored = {
					...takeVersion(tx, actor, { meetingId: meeting.id, doc: result, reason: 'restored', status, restoredFromNumber: version.number, now }),
					restoredFrom: version.number
				};
				result.destroy();
				recordAudit(tx, actor, {
					action: 'minutes.restore',
					conferenceId: input.conferenceId,
					subjectType: 'meeting',
					subjectId: meeting.id,
					after: { restoredFrom: version.number, version: restored.number }
				});
			});
			replaceContent(doc, source!);
		} finally {
			source?.destroy();
		}
	});
	return restored!;
}
