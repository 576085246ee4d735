// On PostgreSQL only: drizzle/pg's migrations (SQLite's run whenever a test opens a database file).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { migratePostgres, postgresMigrationsFolder } from '../../../src/lib/server/db/postgres';
import { createPostgresDatabase } from '../support/postgres';
import { databaseUrl } from '../support/postgresTemplate';

/** As many as drizzle/pg holds: each applied once, none twice. */
const MIGRATIONS = JSON.parse(readFileSync(join(postgresMigrationsFolder(), 'meta', '_journal.json'), 'utf8')).entries.length as number;

// Every instance migrates at start-up; several start at once after a deployment. Each test takes an
// empty database (not a copy of the migrated template), so there is something to migrate.
describe('migratePostgres', () => {
	it('applies its migrations once, however many instances start together', async () => {
		const database = await createPostgresDatabase({ empty: true });
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
		const database = await createPostgresDatabase({ empty: true });
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

// The other test files' databases are copies of one template the run migrated once (support/postgresTemplate.ts).
describe("the test databases' template", () => {
	it('gives copies with every migration of drizzle/pg applied, so migrating one applies nothing', async () => {
		const database = await createPostgresDatabase();
		const client = new pg.Client({ connectionString: database.url });
		await client.connect();
		try {
			const applied = async () => (await client.query(`SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations`)).rows;
			expect(await applied()).toEqual([{ applied: MIGRATIONS }]);
			await migratePostgres(database.url);
			expect(await applied()).toEqual([{ applied: MIGRATIONS }]);
		} finally {
			await client.end();
			await database.drop();
		}
	});

	it('takes no connections, so no test can hold it open while another file copies it', async () => {
		const client = new pg.Client({ connectionString: databaseUrl(inject('postgresUrl'), inject('postgresTemplate')) });
		// 55000 object_not_in_prerequisite_state: "database … is not currently accepting connections".
		// Should it ever connect, the connection is ended at once: left open, it would make every
		// other file's copy of the template fail for the rest of the run.
		try {
			await expect(client.connect()).rejects.toMatchObject({ code: '55000' });
		} finally {
			await client.end().catch(() => {});
		}
	});
});
