import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migratePostgres, postgresMigrationsFolder } from '../../../src/lib/server/db/postgres';
import { createPostgresDatabase } from '../support/postgres';

/** As many as drizzle/pg holds: each applied once, none twice. */
const MIGRATIONS = JSON.parse(readFileSync(join(postgresMigrationsFolder(), 'meta', '_journal.json'), 'utf8')).entries.length as number;

// Every instance migrates at start-up; several start at once after a deployment.
describe('migratePostgres', () => {
	it('applies its migrations once, however many instances start together', async () => {
		const database = await createPostgresDatabase();
		try {
			await Promise.all([migratePostgres(database.url), migratePostgres(database.url), migratePostgres(database.url)]);
			const client = new pg.Client({ connectionString: database.url });
			await client.connect();
			try {
				const { rows } = await client.query(`SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations`);
				expect(rows).toEqual([{ applied: MIGRATIONS }]);
			} finally {
				await client.end();
			}
		} finally {
			await database.drop();
		}
	});

	it('refuses to start when another instance holds the migrations too long', async () => {
		const database = await createPostgresDatabase();
		const holder = new pg.Client({ connectionString: database.url });
		await holder.connect();
		try {
			await holder.query(`SELECT pg_advisory_lock(hashtext('ratschlag:migrations'))`);
			await expect(migratePostgres(database.url, { lockTimeoutMs: 100 })).rejects.toThrow(/another instance has been migrating/);
			await holder.query(`SELECT pg_advisory_unlock(hashtext('ratschlag:migrations'))`);
			await migratePostgres(database.url, { lockTimeoutMs: 100 });
			const { rows } = await holder.query(`SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations`);
			expect(rows).toEqual([{ applied: MIGRATIONS }]);
		} finally {
			await holder.end();
			await database.drop();
		}
	});
});
