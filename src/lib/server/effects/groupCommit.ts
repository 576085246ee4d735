import { AsyncResource } from 'node:async_hooks';
import type { Db, Tx } from '../db';
import { transact, type Effects } from './transact';

/**
 * Group commit: writes that arrive in the same turn of the event loop share one transaction and
 * so one fsync. With `synchronous = FULL` every commit waits for the disk (5–10 ms here, far more
 * on a busy disk), and 500 members voting within a second each waited behind everyone's fsync.
 *
 * Each write runs inside the shared transaction in a savepoint of its own, exactly as a `transact`
 * nested in another: one that throws rolls back only itself and its promise rejects with its own
 * error, while the others go on. Their promises resolve only after the shared commit, so nothing
 * is answered before it is on disk, and their effects run after that commit, in order, as any
 * nested `transact`'s do. A crash before the commit loses the whole group, none of which was
 * answered yet.
 */

interface Queued {
	work: () => unknown;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

/** Bounds how long one group holds the event loop (and the write lock); the rest go in the next. */
export const MAX_GROUP = 256;

const queues = new Map<Db, Queued[]>();

/**
 * Runs `work` — synchronous, and free to call `transact` and commands — in a transaction shared
 * with the other work queued in this turn, and resolves with its result once that transaction has
 * committed. Called inside a transaction (a command composed of others), it runs at once in it.
 */
export function commitTogether<T>(db: Db, work: () => T): Promise<T> {
	if (db.$client.inTransaction) {
		try {
			return Promise.resolve(work());
		} catch (error) {
			return Promise.reject(error);
		}
	}
	return new Promise<T>((resolve, reject) => {
		let queue = queues.get(db);
		if (!queue) {
			queues.set(db, (queue = []));
			setImmediate(() => flush(db));
		}
		// Each work runs in its caller's async context (the request it belongs to), not in that of
		// whichever request happened to open the group.
		queue.push({ work: AsyncResource.bind(work), resolve: resolve as (value: unknown) => void, reject });
	});
}

/** `transact`, committed together with the others of this turn (see `commitTogether`). */
export function transactTogether<T>(db: Db, fn: (tx: Tx, effects: Effects) => T): Promise<T> {
	return commitTogether(db, () => transact(db, fn));
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The shared transaction ended under a work (SQLite rolls back on some errors): the group is void. */
class GroupBroken extends Error {}

function flush(db: Db): void {
	const queue = queues.get(db) as Queued[];
	const group = queue.splice(0, MAX_GROUP);
	if (queue.length === 0) queues.delete(db);
	else setImmediate(() => flush(db));
	let outcomes: Outcome[];
	try {
		outcomes = transact(db, () =>
			group.map((item): Outcome => {
				try {
					return { ok: true, value: transact(db, () => checked(item.work())) };
				} catch (error) {
					if (!db.$client.inTransaction) throw new GroupBroken();
					return { ok: false, error };
				}
			})
		);
	} catch {
		// The commit failed, or a work broke the transaction: all of it rolled back, so each is
		// run again alone and gets the answer it would have had without the others.
		outcomes = group.map((item) => {
			try {
				return { ok: true, value: transact(db, () => checked(item.work())) };
			} catch (error) {
				return { ok: false, error };
			}
		});
	}
	group.forEach((item, i) => {
		const outcome = outcomes[i];
		if (outcome.ok) item.resolve(outcome.value);
		else item.reject(outcome.error);
	});
}

function checked<T>(value: T): T {
	if (value && typeof (value as { then?: unknown }).then === 'function') throw new TypeError('commitTogether: the work must be synchronous');
	return value;
}
