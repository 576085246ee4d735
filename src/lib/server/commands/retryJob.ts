import { and, eq, isNull } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { transactOn } from '../effects';
import { jobEnqueued } from '../jobs/wake';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';

export interface RetryJobInput {
	/** The page's conference, or null on the platform admins' page of jobs without one. */
	conferenceId: string | null;
	jobId: string;
}

/**
 * Puts a failed job back in the queue with its attempts reset, due now. Only a failed job of the
 * page's own conference: an id from elsewhere is not found, whoever asks.
 */
export async function retryJob(data: Data, actor: Actor, input: RetryJobInput): Promise<void> {
	authorize(actor, 'job.retry', { conferenceId: input.conferenceId });
	const { jobs } = data.t;
	// Only a job still failed is put back: of two retries at once, the second finds it queued (on
	// PostgreSQL the update waits for the first's row and re-reads its condition) and is not_found.
	await transactOn(data, async (tx) => {
		const inScope = input.conferenceId === null ? isNull(jobs.conferenceId) : eq(jobs.conferenceId, input.conferenceId);
		const job = first(
			await tx
				.update(jobs)
				.set({ state: 'queued', attempts: 0, runAt: new Date(), finishedAt: null })
				.where(and(eq(jobs.id, input.jobId), eq(jobs.state, 'failed'), inScope))
				.returning({ id: jobs.id, kind: jobs.kind, lastError: jobs.lastError })
		);
		if (!job) throw new CommandError('not_found');
		await recordAuditIn(data, tx, actor, {
			action: 'job.retry',
			conferenceId: input.conferenceId,
			subjectType: 'job',
			subjectId: job.id,
			before: { state: 'failed', lastError: job.lastError },
			after: { state: 'queued', kind: job.kind }
		});
	});
	// After the commit: a runner woken earlier would not find the job due yet.
	jobEnqueued();
}
