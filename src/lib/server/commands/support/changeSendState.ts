import { and, eq } from 'drizzle-orm';
import { recordAuditIn } from '../../audit/record';
import { sendJobKey } from '../../newsletter/sending/jobKey';
import { authorize, type Actor } from '../../policies';
import { digestSubjectByIdOn } from '../../policies/subjects';
import { CommandError, type CommandErrorCode } from './errors';
import { transactOn } from '../../effects';
import { type Data, first } from '../../db/client';

export interface SendStateInput {
	conferenceId: string;
	digestId: string;
	origin: string;
}

/**
 * Pausing and resuming a digest's send: the same guard, the same audited change of one row.
 * A resume also declares the send job (keyed, so a job still running is not doubled: it reads
 * the state between batches and goes on); a pause needs nothing more, the job stops between
 * two batches and hands its key back.
 */
export async function changeSendState(data: Data, actor: Actor, input: SendStateInput, change: 'pause' | 'resume') {
	const { digestSends, jobs } = data.t;
	const subject = await digestSubjectByIdOn(data, input.digestId);
	if (!subject || subject.conferenceId !== input.conferenceId) throw new CommandError('not_found');
	authorize(actor, 'digest.send', subject);
	const from = change === 'pause' ? 'sending' : 'paused';
	const refusal: CommandErrorCode = change === 'pause' ? 'sending_not_running' : 'sending_not_paused';
	return await transactOn(data, async (tx, effects) => {
		const send = first(await tx.select().from(digestSends).where(eq(digestSends.digestId, input.digestId)));
		if (!send) throw new CommandError('not_found');
		if (send.state !== from) throw new CommandError(refusal);
		const after =
			change === 'pause'
				? { state: 'paused' as const, pauseReason: 'editor' as const }
				: { state: 'sending' as const, pauseReason: null, consecutiveFailures: 0 };
		await tx
			.update(digestSends)
			.set(after)
			.where(and(eq(digestSends.id, send.id), eq(digestSends.state, from)));
		// A slice that failed for good (no mail configured, its attempts used up) still holds the key:
		// resuming hands the send to a fresh job; the failed one stays on the failed-jobs page.
		if (change === 'resume')
			await tx
				.update(jobs)
				.set({ key: null })
				.where(and(eq(jobs.key, sendJobKey(send.id)), eq(jobs.state, 'failed')));
		if (change === 'resume')
			await effects.job('newsletter.send', { sendId: send.id, origin: input.origin }, { key: sendJobKey(send.id), conferenceId: send.conferenceId });
		await recordAuditIn(data, tx, actor, {
			action: change === 'pause' ? 'digest.pauseSend' : 'digest.resumeSend',
			conferenceId: input.conferenceId,
			subjectType: 'digest',
			subjectId: input.digestId,
			before: { state: send.state, pauseReason: send.pauseReason },
			after: { state: after.state, pauseReason: after.pauseReason }
		});
		return { sendId: send.id, state: after.state };
	});
}
