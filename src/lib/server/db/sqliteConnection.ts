import type Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * While the app moves from the synchronous layer (`getDb()`, drizzle on better-sqlite3) to the
 * asynchronous one (`client.ts`), both share one connection per file. A transaction of the
 * asynchronous layer may await between its statements; a synchronous transaction that ran in
 * such a gap, from other work, would not wait its turn but become a savepoint inside the other
 * one, committed or rolled back with it. So the asynchronous layer marks the connection while it
 * holds a transaction, and `openDatabase` refuses a synchronous transaction or statement from
 * other work then: loudly, instead of silently joining (raw `$client` statements are not seen).
 * Inside the transaction's own work it is a savepoint, as intended. On SQLite an asynchronous
 * transaction that awaits only its statements ends before any other request runs; one that awaits
 * real I/O (a timer, Redis, the network) leaves the gap. This goes with the synchronous layer.
 */
// Process-wide, as the connection is (db/index.ts): both bundles must see one mark.
const slot = Symbol.for('ratschlag.db.sqliteConnection');
const shared = ((globalThis as unknown as Record<symbol, { holders: WeakMap<Database.Database, object>; owner: AsyncLocalStorage<object> } | undefined>)[
	slot
] ??= {
	holders: new WeakMap(),
	owner: new AsyncLocalStorage()
});
const { holders, owner } = shared;

/** Runs `fn` (an asynchronous transaction on `client`) with the connection marked as held by it. */
export async function holdConnection<T>(client: Database.Database, fn: () => Promise<T>): Promise<T> {
	const token = {};
	holders.set(client, token);
	try {
		return await owner.run(token, fn);
	} finally {
		holders.delete(client);
	}
}

/** True when an asynchronous transaction holds `client` and the caller is not part of it. */
export function heldByOtherWork(client: Database.Database): boolean {
	const token = holders.get(client);
	return token !== undefined && owner.getStore() !== token;
}
