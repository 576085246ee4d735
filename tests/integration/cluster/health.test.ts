import { createServer, type Server } from 'node:http';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresData, sqliteData, type Data } from '../../../src/lib/server/db/client';
import { createHealth, newestMigrationOf, type HealthOptions } from '../../../server/health';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { tempDatabase } from '../support/db';

describe.each(DIALECTS)('health and readiness on %s', (dialect) => {
	let db: TempData;
	const servers: Server[] = [];
	const unreachables: Data[] = [];
	beforeAll(async () => {
		db = await tempData(dialect);
	});
	afterAll(async () => {
		for (const server of servers) server.close();
		for (const data of unreachables) await data.close();
		await db.cleanup();
	});

	/** The health answers in front of a stand-in for SvelteKit, on a loopback port. */
	async function serve(options: Partial<HealthOptions> = {}) {
		const health = createHealth({ data: db.data, redisStatus: null, newestMigration: newestMigrationOf(dialect), instanceId: 'test-1', ...options });
		const server = createServer((req, res) => {
			if (!health.answer(req, res)) res.writeHead(404).end('the app');
		});
		servers.push(server);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as { port: number };
		const get = async (path: string, method = 'GET') => {
			const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
			const json = method !== 'HEAD' && res.headers.get('content-type') === 'application/json';
			return { status: res.status, body: json ? await res.json() : await res.text() };
		};
		return { health, get };
	}

	it('answers both on a migrated database, and leaves every other path to the app', async () => {
		const { get } = await serve();
		expect(await get('/healthz')).toEqual({ status: 200, body: { live: true, instance: 'test-1' } });
		expect(await get('/readyz?probe=1')).toEqual({ status: 200, body: { ready: true, instance: 'test-1' } });
		expect(await get('/readyz/x')).toEqual({ status: 404, body: 'the app' });
		expect((await get('/readyz', 'POST')).status).toBe(405);
		expect((await get('/readyz', 'HEAD')).status).toBe(200);
	});

	it('is not ready while draining, but still alive', async () => {
		const { health, get } = await serve();
		expect(health.draining()).toBe(false);
		health.drain();
		expect(health.draining()).toBe(true);
		expect(await get('/readyz')).toEqual({ status: 503, body: { ready: false, instance: 'test-1', reason: 'shutting down' } });
		expect((await get('/healthz')).status).toBe(200);
	});

	it('is not ready while Redis is configured but not connected', async () => {
		let status = 'reconnecting';
		const { get } = await serve({ redisStatus: () => status });
		expect(await get('/readyz')).toMatchObject({ status: 503, body: { reason: 'redis reconnecting' } });
		status = 'ready';
		expect((await get('/readyz')).status).toBe(200);
	});

	it('is not ready when this build knows a migration the database lacks (another instance has not applied it yet)', async () => {
		const newest = newestMigrationOf(dialect)!;
		const { get } = await serve({ newestMigration: newest + 1 });
		expect(await get('/readyz')).toMatchObject({ status: 503, body: { reason: 'migrations pending' } });
	});

	it("is not ready when the database's record lacks the newest migration, and ready again once it is there", async () => {
		const { get } = await serve();
		const table = dialect === 'postgres' ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
		const [newest] = await db.data.rows<{ id: number | null; hash: string; created_at: number | string }>(
			sql`SELECT id, hash, created_at FROM ${table} ORDER BY created_at DESC LIMIT 1`
		);
		expect(Number(newest.created_at)).toBe(newestMigrationOf(dialect));
		// By its hash: drizzle's SQLite table has no usable id (a SERIAL column there is not a rowid).
		expect(await db.data.execute(sql`DELETE FROM ${table} WHERE hash = ${newest.hash}`)).toBe(1);
		try {
			expect(await get('/readyz')).toMatchObject({ status: 503, body: { reason: 'migrations pending' } });
		} finally {
			await db.data.execute(sql`INSERT INTO ${table} (id, hash, created_at) VALUES (${newest.id}, ${newest.hash}, ${newest.created_at})`);
		}
		expect((await get('/readyz')).status).toBe(200);
	});

	it('is not ready when the database does not answer, and says why', async () => {
		const { get } = await serve({ data: await unreachable() });
		const answer = await get('/readyz');
		expect(answer).toMatchObject({ status: 503, body: { ready: false, instance: 'test-1' } });
		expect((answer.body as { reason: string }).reason).toMatch(dialect === 'postgres' ? /^database: .*ECONNREFUSED/ : /^database: .*not open/);
	});

	it('is not ready when the database hangs, without waiting for it, and polls meanwhile share the one query', async () => {
		let queries = 0;
		const hanging: Data = { ...db.data, rows: () => (queries++, new Promise<never>(() => {})) };
		const { get } = await serve({ data: hanging, databaseTimeoutMs: 50 });
		const answers = await Promise.all([get('/readyz'), get('/readyz'), get('/readyz')]);
		for (const answer of answers) expect(answer).toMatchObject({ status: 503, body: { reason: 'database: no answer within 50 ms' } });
		expect(queries).toBe(1);
	});

	/** A handle on a database that is not there: a closed SQLite connection, a PostgreSQL port nobody listens on. */
	async function unreachable(): Promise<Data> {
		if (dialect === 'sqlite') {
			const storage = tempDatabase();
			storage.db.$client.close();
			storage.cleanup();
			return sqliteData(storage.db.$client);
		}
		const data = postgresData(new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' }));
		unreachables.push(data);
		return data;
	}
});
