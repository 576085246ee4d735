import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { polls, sittingMinutes } from '../../db/schema';
import { recordAudit } from '../../audit/record';
import { changeDocument } from '../../collab/changeDocument';
import { transact } from '../../effects';
import { authorize, type Action, type Actor } from '../../policies';
import { sittingMinutesDoc } from '../../../collab/docNames';
import { writeStatus, type MinutesStatus } from '../../../minutes/document';
import type { VersionReason } from '../../../minutes/lifecycle';
import { requireSittingMinutes, takeSittingVersion } from '../../sittingMinutes/state';
import { sittingMinutesRecipients } from '../../minutes/recipients';
import { enqueueMinutesMails } from '../../jobs/enqueueMinutesMails';
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
 * One step of a sitting minutes' lifecycle, as changeMinutesStatus does it for a meeting's: inside
 * the document server's change of `sittingminutes:<id>`, synchronously, so the version (text and
 * resolutions) is what was stored, the status and write access change before any other edit can
 * arrive, and every open editor learns the new status. Circulating also asks, in the same
 * transaction, for a mail to each person concerned.
 */
export async function changeSittingMinutesStatus(db: Db, actor: Actor, input: SittingMinutesInput | CirculateInput, step: Step) {
	let version: { id: string; number: number } | undefined;
	let mailed = 0;
	checkStep(db, actor, input, step);
	await changeDocument(db, sittingMinutesDoc(input.sessionId), (doc) => {
		const now = input.now ?? new Date();
		transact(db, (tx, effects) => {
			const { session, row } = checkStep(tx, actor, input, step);
			const circulating = step.to === 'circulated';
			const values = {
				status: step.to,
				updatedAt: now,
				...(circulating ? { circulatedAt: now, correctionsUntil: (input as CirculateInput).correctionsUntil ?? null } : {}),
				...(step.to === 'approved' ? { approvedAt: now, approvedByPersonId: actor.personId } : {})
			};
			tx.insert(sittingMinutes)
				.values({ sessionId: session.id, ...values })
				.onConflictDoUpdate({ target: sittingMinutes.sessionId, set: values })
				.run();
			version = takeSittingVersion(tx, actor, { sessionId: session.id, doc, reason: step.reason, status: step.to, now });
			if (circulating) {
				const recipients = sittingMinutesRecipients(db, { conferenceId: input.conferenceId, sessionId: session.id, exceptPersonId: actor.personId });
				mailed = enqueueMinutesMails(effects, {
					minutes: 'sitting',
					id: session.id,
					version: version.number,
					origin: (input as CirculateInput).origin,
					conferenceId: input.conferenceId,
					recipients
				});
			}
			recordAudit(tx, actor, {
				action: step.action,
				conferenceId: input.conferenceId,
				subjectType: 'plenary_session',
				subjectId: session.id,
				before: { status: row?.status ?? 'draft' },
				after: { status: step.to, version: version.number, ...(circulating ? { mailed } : {}) }
			});
			effects.rightsChanged({ docName: sittingMinutesDoc(session.id) });
		});
		writeStatus(doc, step.to);
	});
	return { version: version!, mailed };
}

function checkStep(tx: Pick<Db, 'select'>, actor: Actor, input: SittingMinutesInput, step: Step) {
	const found = requireSittingMinutes(tx, input);
	authorize(actor, step.action, { ...found.subject, status: step.from });
	if (found.status !== step.from) throw new CommandError('minutes_wrong_status');
	// Minutes sent round while a vote is still open would lack its resolution.
	if (
		step.to !== 'draft' &&
		tx
			.select({ id: polls.id })
			.from(polls)
			.where(and(eq(polls.sessionId, found.session.id), eq(polls.status, 'open')))
			.get()
	)
		throw new CommandError('sitting_minutes_poll_open');
	return found;
}
