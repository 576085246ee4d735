import type { Tx } from '../db';
import { jobs } from '../db/schema';
import { JOB_HANDLERS, type JobKind, type JobPayloads } from './kinds';
import { jobEnqueued } from './wake';

/** A payload is a handful of ids, never a document: past this it is a bug, refused at once. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

export interface EnqueueOptions {
	/** The same work enqueued again while the first is not done is a no-op. */
	key?: string;
	runAt?: Date;
	/** Whose failed-jobs page shows it; none: the platform admins'. */
	conferenceId?: string | null;
}

/**
 * Adds a job in the caller's transaction (synchronous, on the same connection): it exists only if
 * that transaction commits. Returns false when a job with the same key is still open.
 */
export function enqueueJob<K extends JobKind>(tx: Pick<Tx, 'insert'>, kind: K, payload: JobPayloads[K], options: EnqueueOptions = {}): boolean {
	const text = JSON.stringify(payload);
	if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) throw new Error(`job payload of ${kind} is larger than ${MAX_PAYLOAD_BYTES} bytes`);
	const result = tx
		.insert(jobs)
		.values({
			kind,
			payload: text,
			key: options.key ?? null,
			conferenceId: options.conferenceId ?? null,
			runAt: options.runAt ?? new Date(),
			maxAttempts: JOB_HANDLERS[kind].maxAttempts
		})
		.onConflictDoNothing()
		.run();
	if (result.changes === 0) return false;
	jobEnqueued();
	return true;
}

/** Rows per statement: well under SQLite's limit of bound variables (7 columns each). */
const ROWS_PER_INSERT = 500;

/**
 * Many jobs of one kind in a few multi-row statements (a meeting's 1,000 claims, each with its
 * mail): the same rows, keys and refusals as `enqueueJob` for each, without a statement per job.
 */
export function enqueueJobs<K extends JobKind>(tx: Pick<Tx, 'insert'>, kind: K, items: readonly { payload: JobPayloads[K]; options?: EnqueueOptions }[]): void {
	const rows = items.map(({ payload, options = {} }) => {
		const text = JSON.stringify(payload);
		if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) throw new Error(`job payload of ${kind} is larger than ${MAX_PAYLOAD_BYTES} bytes`);
		return {
			kind,
			payload: text,
			key: options.key ?? null,
			conferenceId: options.conferenceId ?? null,
			runAt: options.runAt ?? new Date(),
			maxAttempts: JOB_HANDLERS[kind].maxAttempts
		};
	});
	let added = 0;
	for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
		added += tx
			.insert(jobs)
			.values(rows.slice(i, i + ROWS_PER_INSERT))
			.onConflictDoNothing()
			.run().changes;
	if (added > 0) jobEnqueued();
}
