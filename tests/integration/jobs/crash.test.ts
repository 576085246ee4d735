import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase, type Db } from '../../../src/lib/server/db';
import { jobs } from '../../../src/lib/server/db/schema';
import { sqliteData } from '../../../src/lib/server/db/client';
import { enqueueJobIn } from '../../../src/lib/server/jobs/enqueueIn';
import { startBuiltServer, type BuiltServer } from '../support/builtServer';

/**
 * kill -9 of the production server while a job runs: after a restart the job runs again, once
 * its lease ran out. The test kind appends to a file for every run it starts; this test process
 * enqueues into the server's database file, as another process of ours would.
 */
const dir = mkdtempSync(join(tmpdir(), 'ratschlag-jobs-crash-'));
const probeFile = join(dir, 'probe.log');
const env = { JOBS_TEST_PROBE_FILE: probeFile, JOBS_LEASE_MS: '1500', JOBS_POLL_MS: '100', JOBS_SHUTDOWN_GRACE_MS: '300' };
const servers: BuiltServer[] = [];
let db: Db | undefined;

afterAll(async () => {
	db?.$client.close();
	for (const server of servers.reverse()) await server.stop();
	rmSync(dir, { recursive: true, force: true });
});

const starts = () =>
	existsSync(probeFile)
		? readFileSync(probeFile, 'utf8')
				.split('\n')
				.filter((l) => l.startsWith('start long '))
		: [];
async function until(check: () => boolean, what: string, ms = 30_000) {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe('a job running when the server is killed', () => {
	it('runs again after the restart; a later SIGTERM hands it back to the queue', async () => {
		const first = await startBuiltServer({ env });
		servers.push(first);
		db = openDatabase(first.databaseFile);
		const data = sqliteData(db.$client);
		await enqueueJobIn(data, data.q, 'test.probe', { label: 'long', ms: 60_000 });
		await until(() => starts().length === 1, 'the first run');
		expect(starts()[0]).toBe(`start long ${first.child.pid}`);

		await first.kill();
		const [orphan] = db.select().from(jobs).where(eq(jobs.kind, 'test.probe')).all();
		expect(orphan).toMatchObject({ state: 'running', attempts: 1 });

		const second = await startBuiltServer({ env, databaseFile: first.databaseFile, port: first.port });
		servers.push(second);
		await until(() => starts().length === 2, 'the run after the restart');
		expect(starts()[1]).toBe(`start long ${second.child.pid}`);
		expect(db.select().from(jobs).where(eq(jobs.id, orphan.id)).get()).toMatchObject({ state: 'running', attempts: 2 });

		// Graceful stop: the job outlasts the grace, so it goes back to the queue with that attempt not counted.
		expect(await second.stop()).toBe(0);
		expect(second.output()).toContain('1 running job(s) returned to the queue at shutdown');
		expect(db.select().from(jobs).where(eq(jobs.id, orphan.id)).get()).toMatchObject({ state: 'queued', attempts: 1, leaseOwner: null });
	}, 180_000);
});
