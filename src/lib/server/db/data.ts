import { getDb } from './index';
import { dialectOf, openPostgresData, sqliteData, type Data } from './client';

/**
 * The process's data layer. `DATABASE_URL=postgres://…` is a pool on that server, opened (and
 * migrated) once at start-up by `openData()`; anything else is the SQLite file, on the same
 * connection as the synchronous layer (`sqliteData` keeps one handle per connection, so this is
 * the handle server/index.ts made too, with its one mutex).
 */
export function getData(): Data {
	const url = process.env.DATABASE_URL?.trim();
	if (dialectOf(url) === 'sqlite') return sqliteData(getDb().$client);
	const open = g[slot];
	if (open && open.url === url && open.data) return open.data;
	throw new Error('DATABASE_URL names a PostgreSQL server, and its data layer was not opened: call openData() at start-up');
}

// The production entry (server/index.ts) and the SvelteKit bundle each carry a copy of this
// module; a process-wide slot keeps them on one pool. It holds the opening itself, so callers
// that ask at the same moment (under `vite dev`: the init hook, the job runner, the document
// server) wait for one pool instead of each opening its own.
const slot = Symbol.for('ratschlag.data');
type Slot = { url: string; opening: Promise<Data>; data?: Data };
const g = globalThis as unknown as Record<symbol, Slot | undefined>;

/**
 * Opens the process's data layer: on PostgreSQL the pool, after the migrations (under an advisory
 * lock, so instances starting together migrate once); on SQLite the file, migrated by `getDb()`.
 * Called again, it returns the handle already open. On PostgreSQL JOBS_SECRET must be set: links
 * are signed with it there, as there is no key file beside a database file. (`env` decides the
 * dialect; the SQLite file is always the process's, as `getDb()` reads it.)
 */
export async function openData(env: NodeJS.ProcessEnv = process.env): Promise<Data> {
	const url = env.DATABASE_URL?.trim();
	if (dialectOf(url) === 'sqlite') return sqliteData(getDb().$client);
	if (!env.JOBS_SECRET?.trim())
		throw new Error(
			'DATABASE_URL names a PostgreSQL server: set JOBS_SECRET too (a long random string, the same on every instance; see README, "Configuration")'
		);
	const open = g[slot];
	if (open && open.url === url) return open.opening;
	if (open) throw new Error('DATABASE_URL changed while the process runs; the data layer stays on the database it opened');
	const entry: Slot = { url: url!, opening: openPostgresData(url!, { max: poolSize(env) }) };
	g[slot] = entry;
	try {
		entry.data = await entry.opening;
		return entry.data;
	} catch (error) {
		// A failed opening (the server not there yet) is not remembered: the next call tries again.
		if (g[slot] === entry) g[slot] = undefined;
		throw error;
	}
}

/** Ends the PostgreSQL pool opened by `openData` (SQLite's connection closes with `closeDb`). */
export async function closeData(): Promise<void> {
	const open = g[slot];
	g[slot] = undefined;
	await open?.opening.then((data) => data.close()).catch(() => {});
}

/** DATABASE_POOL_SIZE: connections per instance (default 10). Instances × this must stay below the server's max_connections. */
export function poolSize(env: NodeJS.ProcessEnv = process.env): number {
	const raw = env.DATABASE_POOL_SIZE?.trim();
	if (!raw) return 10;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 2 || n > 200) throw new Error(`DATABASE_POOL_SIZE must be a whole number from 2 to 200, not "${raw}"`);
	return n;
}

/** The database named without its password, for the log. */
export function describeDatabase(env: NodeJS.ProcessEnv = process.env): string {
	const url = env.DATABASE_URL?.trim();
	if (dialectOf(url) === 'sqlite') return '';
	const parsed = new URL(url!);
	return `PostgreSQL ${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
}
