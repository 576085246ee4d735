import { and, eq } from 'drizzle-orm';
import { first, type Data, type Query } from '../../db/client';
import { recordAuditIn } from '../../audit/record';
import { transactOn } from '../../effects/transactOn';
import { authorize, type Action, type Actor } from '../../policies';
import { sittingMinutesDoc } from '../../../collab/docNames';
import type { MinutesStatus } from '../../../minutes/document';
import type { VersionReason } from '../../../minutes/lifecycle';
import { holdSittingMinutes, requireSittingMinutesOn, takeSittingVersionOn } from '../../sittingMinutes/state';
import { withDocumentAsRead } from '../../collab/documentAsRead';
import { projectSittingMinutesStatus } from '../../sittingMinutes/projectStatus';
import { sittingMinutesRecipientsOn } from '../../minutes/recipients';
import { enqueueMinutesMailsIn } from '../../jobs/enqueueMinutesMails';
import { CommandError } from './errors';

export interface SittingMinutesInput {
	conferenceId: string;
	sessionId: string;
	now?: Date;
}

export interface CirculateInput extends SittingMinutesInput {
	/** The end of the last day corrections are asked for; none: no deadline. */
	correctionsUntil?: Date | null;
	/** Where the links in the mails lead (the origin the request came to; else ORIGIN). */
	origin?: string;
}

interface Step {
	action: Extract<Action, 'sittingMinutes.circulate' | 'sittingMinutes.returnToDraft' | 'sittingMinutes.approve'>;
	from: MinutesStatus;
	to: MinutesStatus;
	reason: VersionReason;
}

/**
 * One step of a sitting minutes' lifecycle, on either database, as `changeMinutesStatus` takes a
 * meeting's (read its comment for the order of the steps and the window it leaves):
 * 1. a fast refusal: who may take it, whether the minutes stand where it starts, no open vote;
 * 2. the text as it stands and, when circulating, who is to be mailed, read before the transaction;
 * 3. the transaction: the sitting's row held for update, which `openPoll` takes too (README,
 *    "Rules that span rows"), then the checks again where they count (a poll opened meanwhile
 *    refuses the step: minutes sent round while a vote is open would lack its resolution); the
 *    status stored, the text with the resolutions as they stand taken as the next version, the
 *    mails queued, the log written, write access re-decided at the commit; last, the check that
 *    the document has not moved since 2 (`withDocumentAsRead`: else the step runs again from the
 *    read, so the version has every edit made before the check);
 * 4. after the commit, the document shows the stored status to every open editor.
 */
export async function changeSittingMinutesStatus(data: Data, actor: Actor, input: SittingMinutesInput | CirculateInput, step: Step) {
	const { session } = await checkStep(data, data.q, actor, input, step);
	const now = input.now ?? new Date();
	const circulating = step.to === 'circulated';
	const recipients = circulating
		? await sittingMinutesRecipientsOn(data, { conferenceId: input.conferenceId, sessionId: session.id, exceptPersonId: actor.personId })
		: [];
	const result = await withDocumentAsRead(data, sittingMinutesDoc(session.id), ({ doc, unchanged }) =>
		transactOn(data, async (tx, effects) => {
			await holdSittingMinutes(data, tx, session.id);
			const { row } = await checkStep(data, tx, actor, input, step);
			const { sittingMinutes } = data.t;
			const values = {
				status: step.to,
				updatedAt: now,
				...(circulating ? { circulatedAt: now, correctionsUntil: (input as CirculateInput).correctionsUntil ?? null } : {}),
				...(step.to === 'approved' ? { approvedAt: now, approvedByPersonId: actor.personId } : {})
			};
			await tx
				.insert(sittingMinutes)
				.values({ sessionId: session.id, ...values })
				.onConflictDoUpdate({ target: sittingMinutes.sessionId, set: values });
			const version = await takeSittingVersionOn(data, tx, actor, { sessionId: session.id, doc, reason: step.reason, status: step.to, now });
			const mailed = circulating
				? await enqueueMinutesMailsIn(effects, {
						minutes: 'sitting',
						id: session.id,
						version: version.number,
						origin: (input as CirculateInput).origin,
						conferenceId: input.conferenceId,
						recipients
					})
				: 0;
			await recordAuditIn(data, tx, actor, {
				action: step.action,
				conferenceId: input.conferenceId,
				subjectType: 'plenary_session',
				subjectId: session.id,
				before: { status: row?.status ?? 'draft' },
				after: { status: step.to, version: version.number, ...(circulating ? { mailed } : {}) }
			});
			// Runs at commit: write access follows the status.
			effects.rightsChanged({ docName: sittingMinutesDoc(session.id) });
			await unchanged();
			return { version, mailed };
		})
	);
	await projectSittingMinutesStatus(data, session.id);
	return result;
}

/** Who may take the step (asked as if the minutes stood where the step starts), whether they do, and no vote open. */
async function checkStep(data: Data, tx: Query, actor: Actor, input: SittingMinutesInput, step: Step) {
	const found = await requireSittingMinutesOn(data, input, tx);
	authorize(actor, step.action, { ...found.subject, status: step.from });
	if (found.status !== step.from) throw new CommandError('minutes_wrong_status');
	const { polls } = data.t;
	if (
		step.to !== 'draft' &&
		first(
			await tx
				.select({ id: polls.id })
				.from(polls)
				.where(and(eq(polls.sessionId, found.session.id), eq(polls.status, 'open')))
				.limit(1)
		)
	)
		throw new CommandError('sitting_minutes_poll_open');
	return found;
}
