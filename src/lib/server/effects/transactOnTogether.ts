import { AsyncResource } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import { synchronousDbOf } from '../db';
import { errorCode, type Data, type Query } from '../db/client';
import { transactOn, withinTransactOn, type DataEffects } from './transactOn';

/**
 * Group commit on the data layer: writes that arrive in the same turn of the event loop share one
 * transaction and so one fsync (one WAL flush on PostgreSQL). With `synchronous = FULL` every
 * commit waits for the disk, and 500 members voting within a second each waited behind everyone's.
 *
 * Each work runs in a savepoint of its own (a nested `transactOn`): one that throws rolls back only
 * itself and its promise rejects with its own error, while the others go on. On PostgreSQL a
 * failed statement aborts the whole transaction; rolling back to the work's savepoint is what lets
 * the group go on. Every promise resolves only after the shared commit, and the effects run after
 * it, in the order of the works, as any nested `transactOn`'s do.
 *
 * Groups of one handle run one after another, never side by side: two open at once on a pool take
 * the same rows (a poll's tally) in different orders and deadlock; on SQLite the second would only
 * wait for the connection anyway.
 *
 * A work does not run in its caller's async context: the shared
 * transaction is itself carried by async context (`data.transaction`, `transactOn`), and Node has
 * no way to join two contexts. Works run in the context this module was loaded in, which belongs
 * to no request; what a work needs of its request it takes as arguments.
 */

/** Bounds how long one group holds the write lock; the rest go in the next. */
export const MAX_GROUP = 256;

interface Queued {
	order: string;
	work: (tx: Query, effects: DataEffects) => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

interface Line {
	queue: Queued[];
	/** A group is open: the next waits for it to end. */
	running: boolean;
}

const lines = new WeakMap<Data, Line>();

// A context of no request, so that no work sees the async context of whichever request happened
// to open its group.
const detached = new AsyncResource('ratschlag.transactOnTogether');

/**
 * Runs `fn` in a transaction shared with the other work of this turn on `data`, in a savepoint of
 * its own, and resolves with its result once that transaction has committed (see the module's
 * comment). `fn` may run twice: if the shared transaction fails, each work is run again alone.
 * Called inside an open `transactOn` of `data`, it runs at once in it, as a nested `transactOn`.
 * Not inside a plain `data.transaction`: on SQLite the group would wait for the connection it holds.
 */
export function transactOnTogether<T>(data: Data, fn: (tx: Query, effects: DataEffects) => Promise<T>, options: TogetherOptions = {}): Promise<T> {
	if (withinTransactOn(data)) return transactOn(data, fn);
	return new Promise<T>((resolve, reject) => {
		const line = lines.get(data) ?? { queue: [], running: false };
		lines.set(data, line);
		if (line.queue.length === 0 && !line.running) detached.runInAsyncScope(() => setImmediate(() => void flush(data, line)));
		line.queue.push({ order: options.order ?? '', work: fn, resolve: resolve as (value: unknown) => void, reject });
	});
}

export interface TogetherOptions {
	/**
	 * Where the work runs in its group: works run in the order of this key, and in their order of
	 * arrival among equal keys (none is ''). Works that lock rows of what the key names until the
	 * commit (a vote, its poll's tallies) give the key, so that two groups on two instances take
	 * those rows in the same order and wait for each other instead of deadlocking.
	 */
	order?: string;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The shared transaction ended under a work, or can no longer go on: the group is void. */
class GroupBroken extends Error {}

async function flush(data: Data, line: Line): Promise<void> {
	line.running = true;
	// A stable sort: among equal keys, the order of arrival.
	const group = line.queue.splice(0, MAX_GROUP).sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
	let outcomes: Outcome[];
	try {
		outcomes = await transactOn(data, async (tx) => {
			const done: Outcome[] = [];
			// One after another: savepoints of one transaction nest, they do not run side by side.
			for (const item of group) {
				const outcome = await settle(data, item);
				if (!outcome.ok && !(await stillOpen(data, tx, outcome.error))) throw new GroupBroken();
				done.push(outcome);
			}
			return done;
		});
	} catch {
		// The commit failed, or a work broke the transaction: all of it rolled back, its effects with
		// it, so each is run again alone and gets the answer it would have had without the others.
		outcomes = [];
		for (const item of group) outcomes.push(await settle(data, item));
	}
	group.forEach((item, i) => {
		const outcome = outcomes[i];
		if (outcome.ok) item.resolve(outcome.value);
		else item.reject(outcome.error);
	});
	line.running = false;
	// What arrived while this group ran forms the next, with whatever else arrives in this turn.
	if (line.queue.length > 0) setImmediate(() => void flush(data, line));
}

/** Inside the group a savepoint of its own; outside it, a transaction of its own. */
async function settle(data: Data, item: Queued): Promise<Outcome> {
	try {
		return { ok: true, value: await transactOn(data, item.work) };
	} catch (error) {
		return { ok: false, error };
	}
}

// SQLite rolls the whole transaction back itself on these (sqlite.org/lang_transaction.html).
const ENDS_SQLITE_TRANSACTION = /^SQLITE_(FULL|IOERR|BUSY|NOMEM|INTERRUPT)/;

/**
 * After a work failed: whether the shared transaction is still there to go on with. Its savepoint
 * was rolled back, unless that rollback failed too (a lost PostgreSQL connection) or SQLite had
 * already ended the transaction, whose later savepoints would then start and commit one of their
 * own, without the works before them. On PostgreSQL an aborted transaction refuses any statement,
 * and its COMMIT would quietly roll back.
 */
async function stillOpen(data: Data, tx: Query, error: unknown): Promise<boolean> {
	if (data.dialect === 'postgres') {
		try {
			await data.rows(sql`SELECT 1`, tx);
			return true;
		} catch {
			return false;
		}
	}
	const client = synchronousDbOf(data)?.$client;
	if (client) return client.inTransaction;
	return !ENDS_SQLITE_TRANSACTION.test(errorCode(error) ?? '');
}
