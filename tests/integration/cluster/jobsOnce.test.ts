import { afterAll, describe, expect, it } from 'vitest';
import { jobs } from '../../../src/lib/server/db/schema';
import { openDatabase } from '../../../src/lib/server/db';
import { enqueueJob } from '../../../src/lib/server/jobs/enqueue';
import { startJobRunner } from '../../../src/lib/server/jobs/runner';
import { testProbe } from '../../../src/lib/server/jobs/kinds/testProbe';
import type { JobHandler } from '../../../src/lib/server/jobs/types';
import { until } from '../support/collab';
import { tempDatabase } from '../support/db';

/**
 * Two instances' runners, each on its own connection to one SQLite file as two processes are:
 * a claim is one atomic UPDATE with a lease, so every job runs on exactly one of them.
 */
const { file, db, cleanup } = tempDatabase();
const other = openDatabase(file);
afterAll(() => {
	other.$client.close();
	cleanup();
});

describe('jobs across instances', () => {
	it('every job enqueued while two runners poll the same database runs exactly once', async () => {
		const runs: { runner: string; label: string }[] = [];
		const runnerOn = (connection: typeof db, runner: string) => {
			const handler: JobHandler<{ label: string; ms: number }> = {
				...testProbe,
				run: async ({ label }) => {
					runs.push({ runner, label });
					// Long enough that both runners are busy at once and compete for the rest.
					await new Promise((r) => setTimeout(r, 5));
				}
			};
			return startJobRunner(connection, { pollMs: 10, leaseMs: 30_000, concurrency: 2, handlers: { 'test.probe': handler as JobHandler<unknown> } });
		};
		const runners = [runnerOn(db, 'first'), runnerOn(other, 'second')];
		const labels = Array.from({ length: 60 }, (_, i) => `job ${i}`);
		for (const [i, label] of labels.entries()) (i % 2 ? other : db).transaction((tx) => enqueueJob(tx, 'test.probe', { label, ms: 0 }));
		await until(
			() =>
				db
					.select()
					.from(jobs)
					.all()
					.every((job) => job.state === 'done'),
			30_000,
			'every job done'
		);
		await Promise.all(runners.map((r) => r.stop(100)));

		expect(runs.map((r) => r.label).sort()).toEqual([...labels].sort());
		// Both took part: the test is about two claimants, not one that happened to win every time.
		expect(new Set(runs.map((r) => r.runner))).toEqual(new Set(['first', 'second']));
	});
});
