// On PostgreSQL only: what an instance needs to start on PostgreSQL (JOBS_SECRET, one migration and one seeding among several).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltServer, type BuiltServer } from '../support/builtServer';
import { createPostgresDatabase } from '../support/postgres';
import { testRedis } from '../support/redis';

/**
 * The production entry on PostgreSQL (`DATABASE_URL=postgres://…`), as an operator starts it:
 * refused in one line without JOBS_SECRET, and two instances started at the same moment on an
 * empty database seed the demo once (the second waits for the first's lock, then finds it seeded).
 */
describe('the production server on PostgreSQL', () => {
	const dirs: string[] = [];
	const servers: BuiltServer[] = [];
	let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
	beforeAll(async () => {
		// Empty, as an operator's new database: the instances migrate it at start-up.
		database = await createPostgresDatabase({ empty: true });
	});
	afterAll(async () => {
		await Promise.all(servers.map((s) => s.stop()));
		await database?.drop();
		for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
	});
	const dataDir = () => {
		const dir = mkdtempSync(join(tmpdir(), 'ratschlag-pg-start-'));
		dirs.push(dir);
		return dir;
	};

	it('refuses to start without JOBS_SECRET, saying so in one line', async () => {
		const started = startBuiltServer({ env: { DATABASE_URL: database.url, JOBS_SECRET: '', DATA_DIR: dataDir() } });
		const error = await started.then(
			(server) => (servers.push(server), null),
			(e: Error) => e
		);
		expect(error?.message).toMatch(/exited with 1/);
		expect(error?.message).toContain('Cannot open the database: DATABASE_URL names a PostgreSQL server: set JOBS_SECRET too');
		// An operator's mistake, not a crash: no stack trace.
		expect(error?.message).not.toMatch(/\n\s+at /);
	});

	it('two instances started together on an empty database seed one demo conference', async () => {
		const { url: redisUrl, prefix } = testRedis();
		const [one, two] = [dataDir(), dataDir()];
		const env = { DATABASE_URL: database.url, JOBS_SECRET: 'a-secret-both-instances-share-0123456789', REDIS_URL: redisUrl, REDIS_PREFIX: prefix };
		const started = await Promise.all([
			startBuiltServer({ env: { ...env, DATA_DIR: one, INSTANCE_ID: 'pg-start-1' } }),
			startBuiltServer({ env: { ...env, DATA_DIR: two, INSTANCE_ID: 'pg-start-2' } })
		]);
		servers.push(...started);
		// One of them seeded and wrote the sign-in links; the other found the demo there.
		expect([one, two].filter((dir) => existsSync(join(dir, 'demo-access.json')))).toHaveLength(1);
		const client = new pg.Client({ connectionString: database.url });
		await client.connect();
		try {
			const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM conferences');
			expect(rows).toEqual([{ n: 1 }]);
		} finally {
			await client.end();
		}
		// Both serve it: the sign-in page and the readiness of each.
		for (const server of started) expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
	});
});
