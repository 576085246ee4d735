// On both databases: two runners on one SQLite file, and two on one PostgreSQL database, each with its own pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { jobs } from '../../../src/lib/server/db/schema';
import { openDatabase } from '../../../src/lib/server/db';
import { sqliteData, type Data } from '../../../src/lib/server/db/client';
import { enqueueJobIn, enqueueJobsIn } from '../../../src/lib/server/jobs/enqueueIn';
import { startJobRunner } from '../../../src/lib/server/jobs/runner';
import { jobStore } from '../../../src/lib/server/jobs/store';
import { testProbe } from '../../../src/lib/server/jobs/kinds/testProbe';
import type { JobHandler } from '../../../src/lib/server/jobs/types';
import { until } from '../support/collab';
import { tempDatabase } from '../support/db';
import { tempData, type TempData } from '../support/data';

type Run = { runner: string; label: string };

/** A runner of the test kind on `data` that records every run it starts under `runner`'s name. */
function recordingRunner(data: Data, runner: string, runs: Run[], options: { concurrency: number; leaseMs?: number }) {
	const handler: JobHandler<{ label: string; ms: number }> = {
		...testProbe,
		run: async ({ label, ms }) => {
			runs.push({ runner, label });
			// Long enough that both runners are busy at once and compete for the rest.
			await new Promise((r) => setTimeout(r, ms));
		}
	};
	return startJobRunner(data, {
		pollMs: 10,
		leaseMs: options.leaseMs ?? 30_000,
		concurrency: options.concurrency,
		handlers: { 'test.probe': handler as JobHandler<unknown> }
	});
}

/**
 * Two instances' runners, each on its own connection to one SQLite file as two processes are:
 * a claim is one atomic UPDATE with a lease, so every job runs on exactly one of them.
 */
describe('jobs across instances on one SQLite file', () => {
	const { file, db, cleanup } = tempDatabase();
	const other = openDatabase(file);
	afterAll(() => {
		other.$client.close();
		cleanup();
	});

	it('every job enqueued while two runners poll the same database runs exactly once', async () => {
		const runs: Run[] = [];
		const runners = [
			recordingRunner(sqliteData(db.$client), 'first', runs, { concurrency: 2 }),
			recordingRunner(sqliteData(other.$client), 'second', runs, { concurrency: 2 })
		];
		const labels = Array.from({ length: 60 }, (_, i) => `job ${i}`);
		for (const [i, label] of labels.entries()) {
			const on = sqliteData((i % 2 ? other : db).$client);
			await enqueueJobIn(on, on.q, 'test.probe', { label, ms: 5 });
		}
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

/**
 * Two instances on one PostgreSQL database, each with its own pool (`another()`): claims race for
 * real here, on separate connections, and `FOR UPDATE SKIP LOCKED` keeps them apart.
 */
describe('jobs across instances on PostgreSQL', () => {
	let storage: TempData;
	let first: Data;
	let second: Data;
	beforeAll(async () => {
		storage = await tempData('postgres');
		first = storage.data;
		second = await storage.another();
	});
	afterAll(async () => {
		await storage?.cleanup();
	});
	const rows = () => first.q.select().from(first.t.jobs);
	const clear = () => first.q.delete(first.t.jobs);

	it('every one of a few hundred jobs, enqueued on both while both run, runs exactly once and none is lost', async () => {
		await clear();
		const runs: Run[] = [];
		const runners = [recordingRunner(first, 'first', runs, { concurrency: 4 }), recordingRunner(second, 'second', runs, { concurrency: 4 })];
		const labels = Array.from({ length: 300 }, (_, i) => `job ${i}`);
		// Half one at a time, half in batches, from both instances, while both runners claim.
		for (let i = 0; i < 150; i++) {
			const on = i % 2 ? second : first;
			await enqueueJobIn(on, on.q, 'test.probe', { label: labels[i], ms: i % 3 });
		}
		for (let i = 150; i < 300; i += 25) {
			const on = (i / 25) % 2 ? second : first;
			await on.transaction((tx) =>
				enqueueJobsIn(
					on,
					tx,
					'test.probe',
					labels.slice(i, i + 25).map((label) => ({ payload: { label, ms: 2 } }))
				)
			);
		}
		const pending = async () => Number((await first.rows<{ n: string }>(sql`SELECT count(*) AS n FROM jobs WHERE state <> 'done'`))[0].n);
		const end = Date.now() + 60_000;
		while ((await pending()) > 0) {
			if (Date.now() > end) throw new Error('timed out waiting for every job to be done');
			await new Promise((r) => setTimeout(r, 20));
		}
		await Promise.all(runners.map((r) => r.stop(100)));

		expect(runs).toHaveLength(300);
		expect(runs.map((r) => r.label).sort()).toEqual([...labels].sort());
		expect((await rows()).every((job) => job.state === 'done' && job.attempts === 1)).toBe(true);
		expect(new Set(runs.map((r) => r.runner))).toEqual(new Set(['first', 'second']));
	}, 90_000);

	it('many claims at once from both instances take each job once', async () => {
		await clear();
		await enqueueJobsIn(
			first,
			first.q,
			'test.probe',
			Array.from({ length: 100 }, (_, i) => ({ payload: { label: `job ${i}`, ms: 0 } }))
		);
		const now = Date.now();
		const claims = await Promise.all(Array.from({ length: 120 }, (_, i) => jobStore(i % 2 ? second : first).claim(`owner ${i % 2}`, now, 60_000)));
		const taken = claims.filter((c) => c !== undefined).map((c) => c!.id);
		expect(taken).toHaveLength(100);
		expect(new Set(taken).size).toBe(100);
		expect(claims.filter((c) => c === undefined)).toHaveLength(20);
	});

	it('a claim passes over a job whose row another transaction holds, instead of waiting for it', async () => {
		await clear();
		await enqueueJobsIn(first, first.q, 'test.probe', [
			{ payload: { label: 'older', ms: 0 }, options: { runAt: new Date(Date.now() - 1_000) } },
			{ payload: { label: 'newer', ms: 0 } }
		]);
		const claimed = await first.transaction(async (tx) => {
			// The oldest due job, locked as a claim under way on the first instance holds it.
			await first.rows(sql`SELECT id FROM jobs ORDER BY run_at LIMIT 1 FOR UPDATE`, tx);
			// Without SKIP LOCKED this would wait for the transaction, which waits for it: a deadlock.
			return jobStore(second).claim('second', Date.now(), 60_000);
		});
		expect(claimed && JSON.parse(claimed.payload).label).toBe('newer');
	});

	it('a job whose lease ran out on one instance is claimed by the other, and the first can no longer mark it', async () => {
		await clear();
		await enqueueJobIn(first, first.q, 'test.probe', { label: 'orphan', ms: 0 });
		// The first instance claims it with a short lease and then stops renewing it (its process died, or stalled).
		const firstStore = jobStore(first);
		const mine = await firstStore.claim('first', Date.now(), 50);
		expect(mine).toMatchObject({ attempts: 1 });
		await new Promise((r) => setTimeout(r, 80));

		const runs: Run[] = [];
		const runner = recordingRunner(second, 'second', runs, { concurrency: 2 });
		await until(() => runs.length === 1, 10_000, 'the other instance running the orphan');
		const end = Date.now() + 10_000;
		while ((await rows())[0].state !== 'done') {
			if (Date.now() > end) throw new Error('timed out waiting for the orphan to be done');
			await new Promise((r) => setTimeout(r, 20));
		}
		await runner.stop(100);
		expect(runs).toEqual([{ runner: 'second', label: 'orphan' }]);

		// The first comes back and reports: fenced out by the lease owner, whatever it says.
		const id = mine!.id;
		expect(await firstStore.done(id, 'first', '{"late":true}', Date.now())).toBe(false);
		expect(await firstStore.retry(id, 'first', Date.now(), 'late')).toBe(false);
		expect(await firstStore.fail(id, 'first', Date.now(), 'late')).toBe(false);
		expect(await firstStore.renew(id, 'first', Date.now(), 60_000)).toBe(false);
		expect(await firstStore.release('first')).toBe(0);
		const [row] = await first.q.select().from(first.t.jobs).where(eq(first.t.jobs.id, id));
		expect(row).toMatchObject({ state: 'done', attempts: 2, lastError: null, payload: JSON.stringify({ label: 'orphan', ms: 0 }) });
	});

	it('while the second holds the lease, the first cannot mark the job done', async () => {
		await clear();
		await enqueueJobIn(first, first.q, 'test.probe', { label: 'contested', ms: 0 });
		const firstStore = jobStore(first);
		const secondStore = jobStore(second);
		// The clocks are the runners' own: the second looks after the first's lease ended.
		const at = Date.now();
		const mine = await firstStore.claim('first', at, 50);
		const theirs = await secondStore.claim('second', at + 100, 60_000);
		expect(theirs?.id).toBe(mine?.id);
		expect(await firstStore.done(mine!.id, 'first', '{}', Date.now())).toBe(false);
		const [row] = await rows();
		expect(row).toMatchObject({ state: 'running', leaseOwner: 'second', attempts: 2 });
		expect(await secondStore.done(theirs!.id, 'second', '{}', Date.now())).toBe(true);
	});

	it('a runner whose job was taken over while it ran cannot mark it done when its handler returns', async () => {
		await clear();
		let started!: () => void;
		let finish!: () => void;
		const running = new Promise<void>((resolve) => (started = resolve));
		const handler: JobHandler<{ label: string; ms: number }> = {
			...testProbe,
			// Ignores its signal, as a handler stuck in a slow call would.
			run: () => (started(), new Promise<void>((resolve) => (finish = resolve)))
		};
		const runner = startJobRunner(first, { pollMs: 10, leaseMs: 30_000, handlers: { 'test.probe': handler as JobHandler<unknown> } });
		await enqueueJobIn(first, first.q, 'test.probe', { label: 'stalled', ms: 0 });
		await running;
		// The second instance's clock is past the lease (the first stalled longer than it): it takes the job.
		const taken = await jobStore(second).claim('second', Date.now() + 31_000, 60_000);
		expect(taken).toMatchObject({ attempts: 2 });
		finish();
		await runner.stop(1_000);
		const [row] = await rows();
		expect(row).toMatchObject({ state: 'running', leaseOwner: 'second', attempts: 2, finishedAt: null });
	});
});
