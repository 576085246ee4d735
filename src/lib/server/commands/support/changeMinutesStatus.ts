import type { Data, Query } from '../../db/client';
import { recordAuditIn } from '../../audit/record';
import { transactOn } from '../../effects/transactOn';
import { authorize, type Action, type Actor } from '../../policies';
import { minutesDoc } from '../../../collab/docNames';
import type { MinutesStatus } from '../../../minutes/document';
import { holdMinutes, requireMinutes, takeVersion } from '../../minutes/state';
import { withDocumentAsRead } from '../../collab/documentAsRead';
import { projectMinutesStatus } from '../../minutes/projectStatus';
import type { VersionReason } from '../../../minutes/lifecycle';
import { meetingMinutesRecipientsOn } from '../../minutes/recipients';
import { enqueueMinutesMailsIn } from '../../jobs/enqueueMinutesMails';
import { CommandError } from './errors';

export interface MinutesInput {
	conferenceId: string;
	groupId: string;
	meetingId: string;
	now?: Date;
	/** Circulating: the end of the last day corrections are asked for (none: no deadline). */
	correctionsUntil?: Date | null;
	/** Circulating: where the links in the mails lead (the origin the request came to; else ORIGIN). */
	origin?: string;
	/** false: tell nobody (the demo writes past meetings' minutes; nobody is to be mailed about history). */
	notify?: boolean;
}

interface Step {
	action: Extract<Action, 'minutes.circulate' | 'minutes.returnToDraft' | 'minutes.approve'>;
	from: MinutesStatus;
	to: MinutesStatus;
	reason: VersionReason;
}

/**
 * One step of the minutes' lifecycle, on either database:
 * 1. who may take it, and whether the minutes stand where it starts: a fast refusal, before
 *    anything is read or written;
 * 2. when circulating, who is to be mailed, and the text as it stands (the live document where the
 *    document server holds it): read before the transaction, which awaits nothing but its own
 *    statements;
 * 3. the transaction: the meeting's row held for update (README, "Rules that span rows"), then the
 *    check again, where it counts: of two steps at once on PostgreSQL the second waits, reads
 *    the first one's status and is refused (`minutes_wrong_status`) instead of writing over it;
 *    the status stored, the text taken as the next version, the mails queued, the log written,
 *    write access re-decided at the commit; last, the check that the document has not moved
 *    since 2 (`withDocumentAsRead`): an edit typed meanwhile rolls the transaction back and the
 *    step runs again from the read, so the version taken has every edit made before the check
 *    (a document that moves during every attempt: `document_busy`, nothing stored);
 * 4. after the commit, the document shows the stored status to every open editor.
 * An edit arriving after the check, before the commit's re-check of write access, is in the
 * document but not in the version taken (see `withDocumentAsRead`).
 */
export async function changeMinutesStatus(data: Data, actor: Actor, input: MinutesInput, step: Step) {
	const { meeting } = await checkStep(data, data.q, actor, input, step);
	const now = input.now ?? new Date();
	const recipients =
		step.to === 'circulated' && input.notify !== false
			? await meetingMinutesRecipientsOn(data, { groupId: meeting.groupId, meetingId: meeting.id, exceptPersonId: actor.personId })
			: [];
	const version = await withDocumentAsRead(data, minutesDoc(meeting.id), ({ doc, unchanged }) =>
		transactOn(data, async (tx, effects) => {
			await holdMinutes(data, tx, meeting.id);
			const { row } = await checkStep(data, tx, actor, input, step);
			const { meetingMinutes } = data.t;
			const values = {
				status: step.to,
				updatedAt: now,
				...(step.to === 'circulated' ? { circulatedAt: now, correctionsUntil: input.correctionsUntil ?? null } : {}),
				...(step.to === 'approved' ? { approvedAt: now, approvedByPersonId: actor.personId } : {})
			};
			await tx
				.insert(meetingMinutes)
				.values({ meetingId: meeting.id, ...values })
				.onConflictDoUpdate({ target: meetingMinutes.meetingId, set: values });
			const taken = await takeVersion(data, tx, actor, { meetingId: meeting.id, doc, reason: step.reason, status: step.to, now });
			// The people concerned learn that the minutes wait for their corrections (one job each, sent after the commit).
			if (recipients.length > 0)
				await enqueueMinutesMailsIn(effects, {
					minutes: 'meeting',
					id: meeting.id,
					version: taken.number,
					origin: input.origin,
					conferenceId: input.conferenceId,
					recipients
				});
			await recordAuditIn(data, tx, actor, {
				action: step.action,
				conferenceId: input.conferenceId,
				subjectType: 'meeting',
				subjectId: meeting.id,
				before: { status: row?.status ?? 'draft' },
				after: { status: step.to, version: taken.number }
			});
			// Runs at commit: write access follows the status.
			effects.rightsChanged({ docName: minutesDoc(meeting.id) });
			await unchanged();
			return taken;
		})
	);
	await projectMinutesStatus(data, meeting.id);
	return version;
}

/** Who may take the step (asked as if the minutes stood where the step starts), then whether they do. */
async function checkStep(data: Data, tx: Query, actor: Actor, input: MinutesInput, step: Step) {
	const found = await requireMinutes(data, input, tx);
	authorize(actor, step.action, { ...found.subject, status: step.from });
	if (found.status !== step.from) throw new CommandError('minutes_wrong_status');
	return found;
}
