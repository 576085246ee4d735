import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { jobs } from '../db/schema';
import { recordAudit } from '../audit/record';
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
export function retryJob(db: Db, actor: Actor, input: RetryJobInput): void {
	authorize(actor, 'job.retry', { conferenceId: input.conferenceId });
	db.transaction((tx) => {
		const inScope = input.conferenceId === null ? isNull(jobs.conferenceId) : eq(jobs.conferenceId, input.conferenceId);
		const job = tx
			.update(jobs)
			.set({ state: 'queued', attempts: 0, runAt: new Date(), finishedAt: null })
			.where(and(eq(jobs.id, input.jobId), eq(jobs.state, 'failed'), inScope))
			.returning({ id: jobs.id, kind: jobs.kind, lastError: jobs.lastError })
			.get();
		if (!job) throw new CommandError('not_found');
		recordAudit(tx, actor, {
			action: 'job.retry',
			conferenceId: input.conferenceId,
			subjectType: 'job',
			subjectId: job.id,
			before: { state: 'failed', lastError: job.lastError },
			after: { state: 'queued', kind: job.kind }
		});
		jobEnqueued();
	});
}
