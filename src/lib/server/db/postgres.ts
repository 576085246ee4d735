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
 * as pending and the second would fail on "already exists". So the whole run holds an advisory
 * lock: the second waits for the first, then finds nothing to do. One connection of its own (a
 * session-level lock belongs to a connection, which a pool would not keep), closed on every path.
 */
export async function migratePostgres(url: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(`SELECT pg_advisory_lock(hashtext('ratschlag:migrations'))`);
		try {
			await migrate(drizzle(client), { migrationsFolder: postgresMigrationsFolder(env) });
		} finally {
			await client.query(`SELECT pg_advisory_unlock(hashtext('ratschlag:migrations'))`);
		}
	} finally {
		await client.end();
	}
}
