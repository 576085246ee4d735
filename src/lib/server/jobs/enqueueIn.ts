import { sql } from 'drizzle-orm';
import { changedRows, type Data, type Query } from '../db/client';
import { newId } from '../ids';
import { payloadText, type EnqueueOptions } from './jobPayload';
import { JOB_HANDLERS, type JobKind, type JobPayloads } from './kinds';
import { jobEnqueued } from './wake';

/*
 * Enqueueing, on SQLite and PostgreSQL: a job row in the caller's transaction, at most one open
 * job per key, the payload bounded (jobPayload.ts).
 *
 * The runner is woken (wake.ts) only once the job is committed, since it claims on a connection of
 * its own: a job written with `data.q` is committed when its statement returns, and woken here; one
 * written in a transaction exists for the runner only once that commits, which only the transaction's
 * owner knows. `effects.job` (effects/transactOn.ts) wakes it after the outermost commit; a plain
 * `data.transaction` that enqueues calls `jobEnqueued()` after it resolved, or its job waits for the
 * runner's next poll. Woken before the commit, a runner on PostgreSQL would look, find nothing, and
 * leave the job to that poll all the same.
 */

export type { EnqueueOptions } from './jobPayload';

/**
 * Adds a job in the caller's transaction `tx` (or on its own with `data.q`): it exists only if that
 * transaction commits. Resolves false when a job with the same key is still open. Wakes the runner
 * only when written on its own (see above).
 */
export async function enqueueJobIn<K extends JobKind>(data: Data, tx: Query, kind: K, payload: JobPayloads[K], options: EnqueueOptions = {}): Promise<boolean> {
	const result = await tx
		.insert(data.t.jobs)
		.values({
			kind,
			payload: payloadText(kind, payload),
			key: options.key ?? null,
			conferenceId: options.conferenceId ?? null,
			runAt: options.runAt ?? new Date(),
			maxAttempts: JOB_HANDLERS[kind].maxAttempts
		})
		// The partial unique index on open keys: a second open job of the same work is not written.
		.onConflictDoNothing();
	if (changedRows(result) === 0) return false;
	if (tx === data.q) jobEnqueued();
	return true;
}

/**
 * Many jobs of one kind in one statement (a meeting's 1,000 claims, each with its mail): the same
 * rows, keys and refusals as `enqueueJobIn` for each, the rows bound as one JSON array rather than
 * a statement (or a bound variable) per value. Resolves with how many were written (those whose
 * key was still open are not); a payload past the bound refuses the whole batch before anything is written.
 */
export async function enqueueJobsIn<K extends JobKind>(
	data: Data,
	tx: Query,
	kind: K,
	items: readonly { payload: JobPayloads[K]; options?: EnqueueOptions }[]
): Promise<number> {
	if (items.length === 0) return 0;
	const now = Date.now();
	const rows = JSON.stringify(
		items.map(({ payload, options = {} }) => [
			newId(),
			payloadText(kind, payload),
			options.key ?? null,
			options.conferenceId ?? null,
			(options.runAt ?? new Date(now)).getTime()
		])
	);
	const maxAttempts = JOB_HANDLERS[kind].maxAttempts;
	// PostgreSQL types the parameters of an INSERT … SELECT as text unless told: hence the casts.
	const statement =
		data.dialect === 'postgres'
			? sql`
				INSERT INTO jobs (id, kind, payload, key, conference_id, run_at, max_attempts, created_at)
				SELECT value ->> 0, ${kind}::text, value ->> 1, value ->> 2, value ->> 3, (value ->> 4)::bigint, ${maxAttempts}::integer, ${now}::bigint
				FROM jsonb_array_elements(${rows}::jsonb)
				ON CONFLICT DO NOTHING`
			: // `WHERE true`: without it SQLite would read ON CONFLICT as part of the join (its documented parsing ambiguity).
				sql`
				INSERT INTO jobs (id, kind, payload, key, conference_id, run_at, max_attempts, created_at)
				SELECT value ->> 0, ${kind}, value ->> 1, value ->> 2, value ->> 3, value ->> 4, ${maxAttempts}, ${now}
				FROM json_each(${rows}) WHERE true
				ON CONFLICT DO NOTHING`;
	// `data.q` is no transaction: its statement runs on its own.
	const alone = tx === data.q;
	const added = await data.execute(statement, alone ? undefined : tx);
	if (added > 0 && alone) jobEnqueued();
	return added;
}
