import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { resolve } from 'node:path';
import pg from 'pg';

/**
 * PostgreSQL's migrations: `drizzle/pg`, or MIGRATIONS_DIR_PG (the built server may ship them
 * elsewhere, as MIGRATIONS_DIR does for SQLite's).
 */
export function postgresMigrationsFolder(env: NodeJS.ProcessEnv = process.env): string {
	return resolve(env.MIGRATIONS_DIR_PG ?? 'drizzle/pg');
}

/**
 * Brings the database at `url` to the current schema; every instance calls it at start-up. Drizzle's
 * migrator applies the pending migrations in one transaction and records them in
 * `drizzle.__drizzle_migrations`, but two instances starting together would both see a migration
 * as pending and the second would fail on "already exists". So the run holds an advisory lock:
 * the second waits for the first, then finds nothing to do. It waits at most `lockTimeoutMs` (an
 * instance stuck in a migration must not hold every other start-up forever), then fails plainly.
 */
export async function migratePostgres(url: string, options: { env?: NodeJS.ProcessEnv; lockTimeoutMs?: number } = {}): Promise<void> {
	const { env = process.env, lockTimeoutMs = 120_000 } = options;
	await holdingAdvisoryLock(url, 'ratschlag:migrations', { timeoutMs: lockTimeoutMs, what: 'migrating' }, (client) =>
		migrate(drizzle(client), { migrationsFolder: postgresMigrationsFolder(env) })
	);
}

/**
 * Runs `work` while this process holds the session-level advisory lock `name` on the database at
 * `url`, on a connection of its own: whoever else asks for the same name waits (at most
 * `timeoutMs`, then fails plainly, naming `what` the other was doing). Closing the connection on
 * every path releases the lock even when the work failed half-way. Start-up steps that must run
 * once however many instances start together take it: the migrations, the demo's seed.
 */
export async function holdingAdvisoryLock<T>(
	url: string,
	name: string,
	options: { timeoutMs: number; what: string },
	work: (client: pg.Client) => Promise<T>
): Promise<T> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(options.timeoutMs))}`);
		try {
			await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
		} catch (error) {
			if ((error as { code?: string }).code !== '55P03') throw error;
			throw new Error(`PostgreSQL: another instance has been ${options.what} for more than ${options.timeoutMs} ms; not starting`, { cause: error });
		}
		// The bound was for the wait above; the work itself may need its locks for longer.
		await client.query('RESET lock_timeout');
		return await work(client);
	} finally {
		await client.end();
	}
}
