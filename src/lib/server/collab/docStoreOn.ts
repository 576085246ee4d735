import { sql } from 'drizzle-orm';
import type { Data } from '../db/client';
import { synchronousDbOf } from '../db';
import { heldByOtherWork } from '../db/sqliteConnection';
import { createDocStore, type DocStore } from './docStore';
import { postgresDocStore } from './docStorePostgres';

type Later<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;

/**
 * The document store on the asynchronous data layer: the operations of `DocStore` (see there for
 * what each one answers), each resolving once its statements ran, so a document server can store
 * into PostgreSQL as well as into the SQLite file. `atomically` is a transaction of the data layer.
 */
export type AsyncDocStore = { [K in Exclude<keyof DocStore, 'atomically'>]: Later<DocStore[K]> } & {
	/**
	 * Runs `fn` in one transaction that holds the document: no other process appends to it or
	 * compacts it between `fn`'s reads and writes. `fn` uses the store it is given (its statements
	 * run in that transaction) and awaits nothing else.
	 */
	atomically<T>(docName: string, fn: (store: AsyncDocStore) => Promise<T>): Promise<T>;
	/**
	 * `append` done at once, where the store can (SQLite, its connection not held by other work):
	 * the document server's hot path without a promise per tick. Undefined: await `append`.
	 */
	appendAtOnce?(batch: Map<string, Uint8Array[]>): Map<string, number> | undefined;
};

/** The store of a data-layer handle: the synchronous SQLite store behind promises, or PostgreSQL's. */
export function docStoreOn(data: Data): AsyncDocStore {
	if (data.dialect === 'postgres') return postgresDocStore(data);
	const db = synchronousDbOf(data);
	if (!db) throw new Error('docStoreOn: a SQLite handle that openDatabase did not open');
	return sqliteDocStore(data, createDocStore(db), db.$client);
}

/**
 * On SQLite the synchronous store runs as it is: its prepared statements, `synchronous = NORMAL`
 * for appends and the checkpoint as `sync` (docStore.ts), so the hot path costs what it did. Its
 * statements go straight to the connection, which an asynchronous transaction of other work may
 * hold across an await: then they wait for it to end instead of landing inside it (a row relayed,
 * then rolled back with someone else's work). Inside `atomically` the transaction is this store's own.
 */
function sqliteDocStore(data: Data, store: DocStore, client: Parameters<typeof heldByOtherWork>[0]): AsyncDocStore {
	async function inTurn<T>(fn: () => T): Promise<T> {
		// `data.rows` waits for the data layer's mutex, which such a transaction holds until it ends.
		while (heldByOtherWork(client)) await data.rows(sql`SELECT 1`);
		return fn();
	}
	const self: AsyncDocStore = {
		load: (docName, doc) => inTurn(() => store.load(docName, doc)),
		storedState: (docName) => inTurn(() => store.storedState(docName)),
		append: (batch) => inTurn(() => store.append(batch)),
		appendAtOnce: (batch) => (heldByOtherWork(client) ? undefined : store.append(batch)),
		unseen: (docName, after, known) => inTurn(() => store.unseen(docName, after, known)),
		// BEGIN IMMEDIATE: the one writer of the file, as the synchronous `atomically` is.
		atomically: (_docName, fn) => data.transaction(() => fn(self)),
		sync: () => inTurn(() => store.sync()),
		compact: (docName, doc, through) => inTurn(() => store.compact(docName, doc, through)),
		logRows: (docName) => inTurn(() => store.logRows(docName)),
		read: (docName) => inTurn(() => store.read(docName))
	};
	return self;
}
