import type { Db } from '../../db';
import { meetingMinutes } from '../../db/schema';
import { recordAudit } from '../../audit/record';
import { changeDocument } from '../../collab/changeDocument';
import { transact } from '../../effects';
import { authorize, type Action, type Actor } from '../../policies';
import { minutesDoc } from '../../../collab/docNames';
import { writeStatus, type MinutesStatus } from '../../../minutes/document';
import { requireMinutes, takeVersion } from '../../minutes/state';
import type { VersionReason } from '../../../minutes/lifecycle';
import { meetingMinutesRecipients } from '../../minutes/recipients';
import { enqueueMinutesMails } from '../../jobs/enqueueMinutesMails';
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
 * One step of the minutes' lifecycle. It runs inside the document server's change of
 * `minutes:<id>`, synchronously: the version is taken from the live text, the status stored,
 * and write access re-decided before any other edit can arrive, so approved minutes are
 * exactly what was stored as their record. Then every open editor learns the new status.
 */
export async function changeMinutesStatus(db: Db, actor: Actor, input: MinutesInput, step: Step) {
	let version: { id: string; number: number } | undefined;
	// Refused before the document is even opened; checked again inside, where it counts.
	checkStep(db, actor, input, step);
	await changeDocument(db, minutesDoc(input.meetingId), (doc) => {
		const now = input.now ?? new Date();
		transact(db, (tx, effects) => {
			const { meeting, row } = checkStep(tx, actor, input, step);
			const values = {
				status: step.to,
				updatedAt: now,
				...(step.to === 'circulated' ? { circulatedAt: now, correctionsUntil: input.correctionsUntil ?? null } : {}),
				...(step.to === 'approved' ? { approvedAt: now, approvedByPersonId: actor.personId } : {})
			};
			tx.insert(meetingMinutes)
				.values({ meetingId: meeting.id, ...values })
				.onConflictDoUpdate({ target: meetingMinutes.meetingId, set: values })
				.run();
			version = takeVersion(tx, actor, { meetingId: meeting.id, doc, reason: step.reason, status: step.to, now });
			// The people concerned learn that the minutes wait for their corrections (one job each, sent after the commit).
			if (step.to === 'circulated' && input.notify !== false)
				enqueueMinutesMails(effects, {
					minutes: 'meeting',
					id: meeting.id,
					version: version.number,
					origin: input.origin,
					conferenceId: input.conferenceId,
					recipients: meetingMinutesRecipients(db, { groupId: meeting.groupId, meetingId: meeting.id, exceptPersonId: actor.personId })
				});
			recordAudit(tx, actor, {
				action: step.action,
				conferenceId: input.conferenceId,
				subjectType: 'meeting',
				subjectId: meeting.id,
				before: { status: row?.status ?? 'draft' },
				after: { status: step.to, version: version.number }
			});
			// Runs at commit, before any other edit can arrive: write access follows the status.
			effects.rightsChanged({ docName: minutesDoc(input.meetingId) });
		});
		writeStatus(doc, step.to);
	});
	return version!;
}

/** Who may take the step (asked as if the minutes stood where the step starts), then whether they do. */
function checkStep(tx: Pick<Db, 'select'>, actor: Actor, input: MinutesInput, step: Step) {
	const found = requireMinutes(tx, input);
	authorize(actor, step.action, { ...found.subject, status: step.from });
	if (found.status !== step.from) throw new CommandError('minutes_wrong_status');
	return found;
}
