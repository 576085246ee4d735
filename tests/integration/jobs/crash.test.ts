import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { first } from '../../../src/lib/server/db/client';
import { enqueueJobIn } from '../../../src/lib/server/jobs/enqueueIn';
import { builtServerOn } from '../support/builtServerOn';
import { DIALECTS } from '../support/data';

/**
 * kill -9 of the production server while a job runs: after a restart the job runs again, once
 * its lease ran out. The test kind appends to a file for every run it starts; this test process
 * enqueues into the server's database (its SQLite file, or its PostgreSQL database), as another
 * process of ours would.
 */
const dir = mkdtempSync(join(tmpdir(), 'ratschlag-jobs-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean, what: string, ms = 30_000) {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe.each(DIALECTS)('a job running when the server is killed on %s', (dialect) => {
	const probeFile = join(dir, `probe-${dialect}.log`);
	// No demo: the job is the test's own, and seeding it on PostgreSQL would cost most of the start.
	const env = { SEED_DEMO: 'false', JOBS_TEST_PROBE_FILE: probeFile, JOBS_LEASE_MS: '1500', JOBS_POLL_MS: '100', JOBS_SHUTDOWN_GRACE_MS: '300' };
	const on = builtServerOn(dialect, { env });

	const starts = () =>
		existsSync(probeFile)
			? readFileSync(probeFile, 'utf8')
					.split('\n')
					.filter((l) => l.startsWith('start long '))
			: [];
	const jobRow = async (id: string) => first(await on.data.q.select().from(on.data.t.jobs).where(eq(on.data.t.jobs.id, id)));

	it('runs again after the restart; a later SIGTERM hands it back to the queue', async () => {
		const [firstServer] = on.servers;
		const { data } = on;
		await enqueueJobIn(data, data.q, 'test.probe', { label: 'long', ms: 60_000 });
		await until(() => starts().length === 1, 'the first run');
		expect(starts()[0]).toBe(`start long ${firstServer.child.pid}`);

		await firstServer.kill();
		const [orphan] = await data.q.select().from(data.t.jobs).where(eq(data.t.jobs.kind, 'test.probe'));
		expect(orphan).toMatchObject({ state: 'running', attempts: 1 });

		const second = await on.serve({ port: firstServer.port });
		await until(() => starts().length === 2, 'the run after the restart');
		expect(starts()[1]).toBe(`start long ${second.child.pid}`);
		expect(await jobRow(orphan.id)).toMatchObject({ state: 'running', attempts: 2 });

		// Graceful stop: the job outlasts the grace, so it goes back to the queue with that attempt not counted.
		expect(await second.stop()).toBe(0);
		expect(second.output()).toContain('1 running job(s) returned to the queue at shutdown');
		expect(await jobRow(orphan.id)).toMatchObject({ state: 'queued', attempts: 1, leaseOwner: null });
	}, 180_000);
});
