import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sqliteData, type Data } from './client';
import * as schema from './schema';
import { heldByOtherWork } from './sqliteConnection';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DATABASE_FILE = 'data/ratschlag.sqlite';

/** Where the database lives: DATABASE_URL is a file path (or `file:` URL), default under data/. */
export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
	const raw = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_FILE;
	if (raw === ':memory:') return raw;
	// Never a file named "postgres:": on PostgreSQL only the data layer runs (db/data.ts, openData).
	if (/^postgres(ql)?:\/\//i.test(raw))
		throw new Error('DATABASE_URL names a PostgreSQL server: it has no database file, and the synchronous SQLite layer (getDb) cannot open it');
	return resolve(raw.replace(/^file:(\/\/)?/, ''));
}

/** Where this build's migrations are (MIGRATIONS_DIR, default drizzle/sqlite). */
export function migrationsFolder(): string {
	return resolve(process.env.MIGRATIONS_DIR ?? 'drizzle/sqlite');
}

/** Opens (creating if needed) and migrates a database file. Tests call this with a temp file. */
export function openDatabase(path: string): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const client = new Database(path);
	client.pragma('journal_mode = WAL');
	// FULL: a commit is on disk before we answer; money and votes are never "probably saved". The
	// shared documents' update log commits with NORMAL (why that keeps every edit across a crash of
	// the process, and how long power loss may take: collab/docStore.ts).
	client.pragma('synchronous = FULL');
	client.pragma('foreign_keys = ON');
	client.pragma('busy_timeout = 5000');
	// Every statement of the synchronous layer passes here first: one from other work while an
	// asynchronous transaction holds the connection would land inside it (db/sqliteConnection.ts).
	const logger = {
		logQuery() {
			if (heldByOtherWork(client)) throw new Error('a synchronous statement while an asynchronous transaction holds the connection (db/sqliteConnection.ts)');
		}
	};
	const db = drizzle(client, { schema, logger }) as Db;
	// Every transaction takes the write lock at BEGIN (IMMEDIATE) unless it asks otherwise. Several
	// processes may write this file (several instances): a deferred transaction that reads first
	// fails at once with SQLITE_BUSY when another commits before its first write (busy_timeout does
	// not wait for a stale snapshot); one that holds the lock from BEGIN waits its turn instead.
	const transaction = db.transaction.bind(db);
	db.transaction = ((fn, config) => {
		if (heldByOtherWork(client)) throw new Error('a synchronous transaction while an asynchronous one holds the connection (db/sqliteConnection.ts)');
		return transaction(fn, { behavior: 'immediate', ...config });
	}) as Db['transaction'];
	migrate(db, { migrationsFolder: migrationsFolder() });
	onSameConnection.set(sqliteData(client), db);
	return db;
}

// While the app moves to the data layer: from the data layer's handle on a connection to the
// synchronous handle on that same connection, for code that has not moved (effect handlers).
// Process-wide, as the connection's slot below: the bundle that opened it need not be the one asking.
const registry = Symbol.for('ratschlag.db.synchronousOf');
const shared = globalThis as unknown as Record<symbol, WeakMap<Data, Db> | undefined>;
const onSameConnection = (shared[registry] ??= new WeakMap());

/** The synchronous handle on the connection `data` runs on; none on PostgreSQL. Goes with the synchronous layer. */
export function synchronousDbOf(data: Data): Db | undefined {
	return onSameConnection.get(data);
}

// The production entry (server/index.ts) and the SvelteKit bundle each carry a copy of this
// module; a process-wide slot keeps them on one connection to one file.
const slot = Symbol.for('ratschlag.db');
type Slot = { path: string; db: Db };
const g = globalThis as unknown as Record<symbol, Slot | undefined>;

export function getDb(): Db {
	const path = databasePath();
	const current = g[slot];
	if (current && current.path === path) return current.db;
	current?.db.$client.close();
	const db = openDatabase(path);
	g[slot] = { path, db };
	return db;
}

export function closeDb(): void {
	g[slot]?.db.$client.close();
	g[slot] = undefined;
}

export { schema };

/** The handle a `db.transaction` callback receives; commands compose inside one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
