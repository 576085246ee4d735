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

/** The advisory lock every instance takes around its migrations (one database, one key). */
const MIGRATION_LOCK = `hashtext('ratschlag:migrations')`;

/**
 * Brings the database at `url` to the current schema; every instance calls it at start-up. Drizzle's
 * migrator applies the pending migrations in one transaction and records them in
 * `drizzle.__drizzle_migrations`, but two instances starting together would both see a migration
 * as pending and the second would fail on "already exists". So the run holds an advisory lock:
 * the second waits for the first, then finds nothing to do. It waits at most `lockTimeoutMs` (an
 * instance stuck in a migration must not hold every other start-up forever), then fails plainly.
 * One connection of its own: a session-level lock belongs to a connection, and closing it (on
 * every path) releases the lock even when the migration failed half-way.
 */
export async function migratePostgres(url: string, options: { env?: NodeJS.ProcessEnv; lockTimeoutMs?: number } = {}): Promise<void> {
	const { env = process.env, lockTimeoutMs = 120_000 } = options;
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
		try {
			await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
		} catch (error) {
			if ((error as { code?: string }).code !== '55P03') throw error;
			throw new Error(`PostgreSQL migrations: another instance has been migrating for more than ${lockTimeoutMs} ms; not starting`, { cause: error });
		}
		// The bound was for the wait above; a migration itself may need its locks for longer.
		await client.query('RESET lock_timeout');
		await migrate(drizzle(client), { migrationsFolder: postgresMigrationsFolder(env) });
	} finally {
		await client.end();
	}
}
