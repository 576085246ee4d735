/*
 * Enqueueing on the synchronous layer (drizzle on better-sqlite3), for the callers still on it (the
 * effects layer's `transact`). The same on the asynchronous data layer, both databases:
 * enqueueIn.ts. This module goes when the last synchronous caller has moved.
 */
import type { Tx } from '../db';
import { sql } from 'drizzle-orm';
import { jobs } from '../db/schema';
import { newId } from '../ids';
import { JOB_HANDLERS, type JobKind, type JobPayloads } from './kinds';
import { jobEnqueued } from './wake';
import { payloadText, type EnqueueOptions } from './jobPayload';

export { MAX_PAYLOAD_BYTES, type EnqueueOptions } from './jobPayload';

/**
 * Adds a job in the caller's transaction (synchronous, on the same connection): it exists only if
 * that transaction commits. Returns false when a job with the same key is still open.
 */
export function enqueueJob<K extends JobKind>(tx: Pick<Tx, 'insert'>, kind: K, payload: JobPayloads[K], options: EnqueueOptions = {}): boolean {
	const text = payloadText(kind, payload);
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

/**
 * Many jobs of one kind in one statement (a meeting's 1,000 claims, each with its mail): the same
 * rows, keys and refusals as `enqueueJob` for each, the rows handed to SQLite as one JSON array
 * rather than a statement (or a bound variable) per value.
 */
export function enqueueJobs<K extends JobKind>(tx: Pick<Tx, 'run'>, kind: K, items: readonly { payload: JobPayloads[K]; options?: EnqueueOptions }[]): void {
	if (items.length === 0) return;
	const now = Date.now();
	const rows = items.map(({ payload, options = {} }) => {
		return [newId(), payloadText(kind, payload), options.key ?? null, options.conferenceId ?? null, (options.runAt ?? new Date(now)).getTime()];
	});
	const added = tx.run(sql`
		INSERT INTO jobs (id, kind, payload, key, conference_id, run_at, max_attempts, created_at)
		SELECT value ->> 0, ${kind}, value ->> 1, value ->> 2, value ->> 3, value ->> 4, ${JOB_HANDLERS[kind].maxAttempts}, ${now}
		FROM json_each(${JSON.stringify(rows)}) WHERE true
		ON CONFLICT DO NOTHING`).changes;
	if (added > 0) jobEnqueued();
}
