import type { Db, Tx } from '../db';
import { sqliteData } from '../db/client';
import { enqueueJob, enqueueJobs, type EnqueueOptions } from '../jobs/enqueue';
import type { JobKind, JobPayloads } from '../jobs/kinds';
import { effectHandlers, type EffectKind, type EffectPayloads } from './kinds';
import { runEffect, type DeclaredEffect } from './runEffect';

export { onEffect, type DeclaredEffect } from './runEffect';

/**
 * What a command declares while its transaction runs. Nothing happens at the call: the effect
 * runs once the outermost transaction committed, and is dropped if it rolls back.
 *
 * `job` is of another sort (a mail to send, anything slow or retried): it writes a durable job
 * in the same transaction at once (src/lib/server/jobs/), so the job is committed or rolled back
 * with the command, survives a crash after the commit, and the runner does it afterwards.
 */
export type Effects = { [K in EffectKind]: (payload: EffectPayloads[K]) => void } & {
	/** Returns false when a job with the same key is still open (the work is asked for already). */
	job<K extends JobKind>(kind: K, payload: JobPayloads[K], options?: EnqueueOptions): boolean;
	/** Many jobs of one kind at once (a meeting's claims): the same as `job` for each, in a few statements. */
	jobs<K extends JobKind>(kind: K, items: readonly { payload: JobPayloads[K]; options?: EnqueueOptions }[]): void;
};

// better-sqlite3 is synchronous: a transaction runs to its end before anything else does, so
// the transactions open right now form a stack, and the innermost one collects.
const open: DeclaredEffect[][] = [];

function collector(tx: Tx, into: DeclaredEffect[]): Effects {
	const declare =
		<K extends EffectKind>(kind: K) =>
		(payload: EffectPayloads[K]) =>
			void into.push({ kind, payload } as DeclaredEffect);
	const afterCommit = Object.fromEntries((Object.keys(effectHandlers) as EffectKind[]).map((kind) => [kind, declare(kind)]));
	return {
		...afterCommit,
		job: (kind, payload, options) => enqueueJob(tx, kind, payload, options),
		jobs: (kind, items) => enqueueJobs(tx, kind, items)
	} as Effects;
}

/**
 * Runs `fn` in one transaction and then, only if it committed, the effects it declared, in the
 * order declared. Called inside another `transact` (a command composed of others), it becomes a
 * savepoint, and its effects join the outer transaction's: they run when that one commits, and
 * not at all if it rolls back. Effects run synchronously right after the commit; those that
 * continue asynchronously are not waited for (`transactOnAndWait` waits, on the data layer).
 */
export function transact<T>(db: Db, fn: (tx: Tx, effects: Effects) => T): T {
	return run(db, fn).result;
}

function run<T>(db: Db, fn: (tx: Tx, effects: Effects) => T): { result: T; pending: Promise<void>[] } {
	// Inside a plain `db.transaction`, "after the commit" would come before that one's commit.
	if (open.length === 0 && db.$client.inTransaction) throw new Error('transact inside a plain db.transaction: open the outer one with transact too');
	const declared: DeclaredEffect[] = [];
	open.push(declared);
	let result: T;
	try {
		// IMMEDIATE: the write lock from the start. Several processes write one SQLite file (several
		// instances): a deferred transaction reads, another process commits, and the upgrade to a
		// write fails at once with SQLITE_BUSY (its snapshot is stale; busy_timeout does not wait for
		// that). Taken at BEGIN, the lock is waited for. Nested, it is a savepoint, as before.
		result = db.transaction((tx) => fn(tx, collector(tx, declared)), { behavior: 'immediate' });
	} finally {
		open.pop();
	}
	const outer = open.at(-1);
	if (outer) {
		outer.push(...declared);
		return { result, pending: [] };
	}
	// A handler already moved to the data layer gets the data layer's handle on this connection.
	const on = { db, data: sqliteData(db.$client) };
	return { result, pending: declared.map((effect) => runEffect(on, effect)) };
}
