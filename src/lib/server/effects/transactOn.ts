import { AsyncLocalStorage } from 'node:async_hooks';
import { synchronousDbOf } from '../db';
import type { Data, Query, TransactionOptions } from '../db/client';
import { enqueueJobIn, enqueueJobsIn, type EnqueueOptions } from '../jobs/enqueueIn';
import type { JobKind, JobPayloads } from '../jobs/kinds';
import { jobEnqueued } from '../jobs/wake';
import { effectHandlers, type EffectKind, type EffectPayloads } from './kinds';
import { handlerOf, runEffect, type CommittedOn, type DeclaredEffect } from './runEffect';
import { isOnData } from './types';

/**
 * The one helper a command runs its writes through, on SQLite and PostgreSQL. Effects declared inside run after the outermost commit, in the
 * order declared, and never after a rollback; a `transactOn` inside another (a command composed of
 * others) is a savepoint whose effects join the outer ones, or vanish with it if it rolls back.
 *
 * Transactions interleave now (PostgreSQL's pool; awaits between statements), so the transaction
 * a declaration belongs to is the caller's async context's (AsyncLocalStorage), never a stack.
 */

/**
 * What a command declares while its transaction runs. Nothing happens at the call: the effect
 * runs once the outermost transaction committed, and is dropped if it rolls back. `job` is of
 * another sort (a mail to send, anything slow or retried): it writes a durable job in the same
 * transaction at once (src/lib/server/jobs/), so the job is committed or rolled back with the
 * command, survives a crash after the commit, and the runner does it afterwards.
 */
export type DataEffects = { [K in EffectKind]: (payload: EffectPayloads[K]) => void } & {
	/** Writes the job in this transaction; resolves false when a job with the same key is still open. */
	job<K extends JobKind>(kind: K, payload: JobPayloads[K], options?: EnqueueOptions): Promise<boolean>;
	/** Many jobs of one kind in one statement; resolves with how many were written. */
	jobs<K extends JobKind>(kind: K, items: readonly { payload: JobPayloads[K]; options?: EnqueueOptions }[]): Promise<number>;
};

/** One transaction (or savepoint) of `transactOn` and what it declared so far. */
interface Scope {
	data: Data;
	declared: DeclaredEffect[];
	/** A job was written: the runner is woken after the outermost commit. */
	jobWritten: boolean;
	/** Its callback settled: a late declaration (work it left running) is refused. */
	closed: boolean;
}

const scopes = new AsyncLocalStorage<Scope>();

/**
 * Runs `fn` in one transaction of `data` and then, only if it committed, the effects it declared.
 * Effects run right after the commit; their asynchronous parts go on without being waited for
 * (`transactOnAndWait` waits). With `isolation: 'serializable'` an attempt that PostgreSQL refuses
 * is run again from the start, and only the declarations of the attempt that committed run.
 *
 * Open it outermost, not inside a plain `data.transaction` (there "after the commit" would come at
 * the release of a savepoint, before the real commit), and nest inside it with `transactOn`, not a
 * plain `data.transaction`, wherever effects are declared (a plain savepoint that rolls back would
 * not take them back). The data layer does not say whether a transaction is open, so neither is
 * checked here.
 */
export async function transactOn<T>(data: Data, fn: (tx: Query, effects: DataEffects) => Promise<T>, options?: TransactionOptions): Promise<T> {
	return (await run(data, fn, options)).result;
}

/** `transactOn`, and waits until the effects' asynchronous parts are done (a caller that expects screens to show the change). */
export async function transactOnAndWait<T>(data: Data, fn: (tx: Query, effects: DataEffects) => Promise<T>, options?: TransactionOptions): Promise<T> {
	const { result, pending } = await run(data, fn, options);
	await Promise.all(pending);
	return result;
}

/** True inside an open `transactOn` of `data` (in the caller's async context): a new one there is a savepoint of it. */
export function withinTransactOn(data: Data): boolean {
	const enclosing = scopes.getStore();
	return enclosing !== undefined && enclosing.data === data && !enclosing.closed;
}

async function run<T>(
	data: Data,
	fn: (tx: Query, effects: DataEffects) => Promise<T>,
	options?: TransactionOptions
): Promise<{ result: T; pending: Promise<void>[] }> {
	const enclosing = scopes.getStore();
	const outer = enclosing && enclosing.data === data && !enclosing.closed ? enclosing : undefined;
	// `data.transaction` makes the nested one a savepoint of the enclosing transaction; each attempt
	// of a retried outermost one collects into a scope of its own, so a retry starts empty.
	let committed: Scope | undefined;
	let pending: Promise<void>[] = [];
	// The effects run the moment the outermost transaction committed, before other work may take
	// the SQLite connection: a handler still on the synchronous layer reads it with nothing between.
	const runEffects = () => {
		const done = committed as Scope;
		if (done.jobWritten) jobEnqueued();
		const on: CommittedOn = { data, db: synchronousDbOf(data) };
		pending = done.declared.map((effect) => runEffect(on, effect));
	};
	const result = await data.transaction(
		async (tx) => {
			const scope: Scope = { data, declared: [], jobWritten: false, closed: false };
			try {
				const value = await scopes.run(scope, () => fn(tx, collector(data, tx, scope)));
				committed = scope;
				return value;
			} finally {
				scope.closed = true;
			}
		},
		outer ? options : { ...options, committed: runEffects }
	);
	const done = committed as Scope;
	if (outer) {
		// Not awaited by the enclosing callback, which has ended: its effects would be lost unseen.
		if (outer.closed) throw new Error('a nested transactOn outlived the transaction it was in: await it');
		// The savepoint was released: its declarations now stand or fall with the enclosing transaction.
		outer.declared.push(...done.declared);
		outer.jobWritten ||= done.jobWritten;
		return { result, pending: [] };
	}
	return { result, pending };
}

function collector(data: Data, tx: Query, scope: Scope): DataEffects {
	const open = (what: string) => {
		if (scope.closed) throw new Error(`${what} declared after its transaction ended: declare it from inside, awaited`);
	};
	const declare =
		<K extends EffectKind>(kind: K) =>
		(payload: EffectPayloads[K]) => {
			open(`effect ${kind}`);
			refuseWhereItCannotRun(data, kind);
			scope.declared.push({ kind, payload } as DeclaredEffect);
		};
	const afterCommit = Object.fromEntries((Object.keys(effectHandlers) as EffectKind[]).map((kind) => [kind, declare(kind)]));
	return {
		...afterCommit,
		async job(kind, payload, options) {
			open(`job ${kind}`);
			const written = await enqueueJobIn(data, tx, kind, payload, options);
			scope.jobWritten ||= written;
			return written;
		},
		async jobs(kind, items) {
			open(`jobs ${kind}`);
			const written = await enqueueJobsIn(data, tx, kind, items);
			scope.jobWritten ||= written > 0;
			return written;
		}
	} as DataEffects;
}

/**
 * A handler still on the synchronous layer needs the SQLite connection's `Db`. Where it has none
 * (PostgreSQL), the declaration throws, so the command's transaction rolls back and says which
 * kind must move (effects/types.ts, `onData`) — rather than commit and drop the effect unseen.
 */
function refuseWhereItCannotRun(data: Data, kind: EffectKind): void {
	if (isOnData(handlerOf(kind))) return;
	if (data.dialect === 'postgres')
		throw new Error(`effect ${kind} cannot run on PostgreSQL: its handler (effects/kinds/) is still on the synchronous layer; give it the onData form first`);
	if (!synchronousDbOf(data))
		throw new Error(`effect ${kind} needs the synchronous handle of this SQLite connection, and the connection was not opened by openDatabase`);
}
