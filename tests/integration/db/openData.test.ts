// On PostgreSQL only: opening the pool at start-up, once for every caller (a SQLite file opens synchronously).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeData, getData, openData } from '../../../src/lib/server/db/data';
import { createPostgresDatabase } from '../support/postgres';

/** The process's data layer on PostgreSQL: opened once at start-up, whoever asks at the same moment. */
describe('openData on PostgreSQL', () => {
	let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
	const saved = { url: process.env.DATABASE_URL, secret: process.env.JOBS_SECRET };
	beforeAll(async () => {
		// Empty: the callers at the same moment migrate it, as an instance's first start does.
		database = await createPostgresDatabase({ empty: true });
		// getData() reads the process's environment, as the app does (this file's worker only).
		process.env.DATABASE_URL = `${database.url}\n`;
		process.env.JOBS_SECRET = 'a-secret-for-this-test-0123456789';
	});
	afterAll(async () => {
		await closeData();
		process.env.DATABASE_URL = saved.url;
		process.env.JOBS_SECRET = saved.secret;
		await database?.drop();
	});

	it('refuses without JOBS_SECRET, naming it', async () => {
		await expect(openData({ DATABASE_URL: database.url })).rejects.toThrow(/set JOBS_SECRET too/);
		expect(() => getData()).toThrow(/was not opened/);
	});

	it('opens one pool for callers at the same moment, and getData() hands out that pool (a trailing newline in the URL or not)', async () => {
		const [a, b] = await Promise.all([openData(), openData()]);
		expect(a).toBe(b);
		expect(a.dialect).toBe('postgres');
		expect(getData()).toBe(a);
		expect(await a.rows<{ n: number }>(sql`SELECT 1::int AS n`)).toEqual([{ n: 1 }]);
	});
});
