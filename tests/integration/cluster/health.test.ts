import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase, type Db } from '../../../src/lib/server/db';
import { createHealth, newestMigrationIn, type HealthOptions } from '../../../server/health';
import { tempDatabase } from '../support/db';

const { db, file, cleanup } = tempDatabase();
const servers: Server[] = [];
afterAll(() => {
	for (const server of servers) server.close();
	cleanup();
});

/** The health answers in front of a stand-in for SvelteKit, on a loopback port. */
async function serve(options: Partial<HealthOptions> = {}) {
	const health = createHealth({ db: () => db, redisStatus: null, newestMigration: newestMigrationIn(migrationsFolder()), instanceId: 'test-1', ...options });
	const server = createServer((req, res) => {
		if (!health.answer(req, res)) res.writeHead(404).end('the app');
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	const get = async (path: string, method = 'GET') => {
		const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
		return { status: res.status, body: res.headers.get('content-type') === 'application/json' ? await res.json() : await res.text() };
	};
	return { health, get };
}

describe('health and readiness', () => {
	it('answers both on a migrated database, and leaves every other path to the app', async () => {
		const { get } = await serve();
		expect(await get('/healthz')).toEqual({ status: 200, body: { live: true, instance: 'test-1' } });
		expect(await get('/readyz?probe=1')).toEqual({ status: 200, body: { ready: true, instance: 'test-1' } });
		expect(await get('/readyz/x')).toEqual({ status: 404, body: 'the app' });
		expect((await get('/readyz', 'POST')).status).toBe(405);
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
		const newest = newestMigrationIn(migrationsFolder())!;
		const { get } = await serve({ newestMigration: newest + 1 });
		expect(await get('/readyz')).toMatchObject({ status: 503, body: { reason: 'migrations pending' } });
	});

	it('is not ready when the database does not answer', async () => {
		const closed: Db = openDatabase(file);
		closed.$client.close();
		const { get } = await serve({ db: () => closed });
		const answer = await get('/readyz');
		expect(answer).toMatchObject({ status: 503, body: { ready: false } });
		expect((answer.body as { reason: string }).reason).toMatch(/^database: /);
	});
});
