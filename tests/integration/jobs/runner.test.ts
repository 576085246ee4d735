import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Data } from '../../../src/lib/server/db/client';
import { enqueueJobIn, enqueueJobsIn, type EnqueueOptions } from '../../../src/lib/server/jobs/enqueueIn';
import { jobEnqueued } from '../../../src/lib/server/jobs/wake';
import { startJobRunner, type JobRunner, type JobRunnerOptions } from '../../../src/lib/server/jobs/runner';
import { testProbe } from '../../../src/lib/server/jobs/kinds/testProbe';
import type { JobHandler } from '../../../src/lib/server/jobs/types';
import { DIALECTS, tempData, type TempData } from '../support/data';

const FAST: JobRunnerOptions = { pollMs: 50, leaseMs: 2_000, retryBaseMs: 60, retryMaxMs: 10_000, shutdownGraceMs: 200 };

const until = async (check: () => boolean | Promise<boolean>, ms = 5_000) => {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 10));
	}
};

/** The runner on a real database of each dialect, with handlers of the test's own under the test kind. */
describe.each(DIALECTS)('background jobs on %s', (dialect) => {
	let storage: TempData;
	let data: Data;
	let runner: JobRunner | undefined;

	beforeEach(async () => {
		storage = await tempData(dialect);
		data = storage.data;
	});
	afterEach(async () => {
		await runner?.stop(100);
		runner = undefined;
		await storage.cleanup();
	});

	function start(run: JobHandler<{ label: string; ms: number }>['run'], options: JobRunnerOptions = {}) {
		const handler = { ...testProbe, run };
		runner = startJobRunner(data, { ...FAST, ...options, handlers: { 'test.probe': handler as JobHandler<unknown> } });
		return runner;
	}

	const enqueue = (label: string, options: EnqueueOptions = {}) => data.transaction((tx) => enqueueJobIn(data, tx, 'test.probe', { label, ms: 0 }, options));
	const rows = () => data.q.select().from(data.t.jobs);

	it('a job enqueued in a transaction that rolls back never runs', async () => {
		const ran: string[] = [];
		start(async ({ label }) => void ran.push(label));
		await expect(
			data.transaction(async (tx) => {
				await enqueueJobIn(data, tx, 'test.probe', { label: 'rolled back', ms: 0 });
				throw new Error('the command refused');
			})
		).rejects.toThrow('the command refused');
		await enqueue('committed');
		await until(() => ran.includes('committed'));
		await new Promise((r) => setTimeout(r, 150));
		expect(ran).toEqual(['committed']);
		expect((await rows()).map((r) => r.payload)).toEqual([JSON.stringify({ label: 'committed', ms: 0 })]);
	});

	it('a job enqueued in this process runs at once, not at the next poll', async () => {
		const ran: number[] = [];
		start(async () => void ran.push(Date.now()), { pollMs: 60_000 });
		await new Promise((r) => setTimeout(r, 50));
		const at = Date.now();
		// On its own, committed when the insert returns: enqueueIn wakes the runner, which finds it
		// (in a transaction, transactOn wakes it after the commit: tests/integration/effects/transactOn.test.ts).
		await enqueueJobIn(data, data.q, 'test.probe', { label: 'now', ms: 0 });
		await until(() => ran.length === 1, 2_000);
		expect(ran[0] - at).toBeLessThan(1_000);
	});

	it('a wake from inside a transaction that then rolls back: the runner claims in its own context, not as part of it', async () => {
		const ran: string[] = [];
		start(async ({ label }) => void ran.push(label), { pollMs: 60_000 });
		await new Promise((r) => setTimeout(r, 50));
		// Committed without a wake (enqueued in a transaction: the wake is the committer's).
		await data.transaction((tx) => enqueueJobsIn(data, tx, 'test.probe', [{ payload: { label: 'waiting', ms: 0 } }]));
		await expect(
			data.transaction(async () => {
				jobEnqueued();
				// The runner looks while this transaction is open. Run in this context, its claim would
				// count as a statement of this transaction, which the data layer refuses on SQLite.
				await new Promise((r) => setTimeout(r, 50));
				throw new Error('the command refused');
			})
		).rejects.toThrow('the command refused');
		await until(async () => (await rows())[0].state === 'done');
		expect(ran).toEqual(['waiting']);
	});

	it('a handler that fails twice runs three times, each wait longer than the one before, then is done', async () => {
		const runs: number[] = [];
		const failedAt: number[] = [];
		const dueAt: number[] = [];
		start(async () => {
			runs.push(Date.now());
			dueAt.push((await rows())[0].runAt.getTime());
			if (runs.length <= 2) {
				failedAt.push(Date.now());
				throw new Error(`mail server said no (${runs.length})`);
			}
		});
		await enqueue('flaky');
		await until(async () => (await rows())[0]?.state === 'done');
		expect(runs).toHaveLength(3);
		// The waits the runner set (run_at after each failure), not the timers' lateness on a busy machine.
		const waits = [dueAt[1] - failedAt[0], dueAt[2] - failedAt[1]];
		// Base 60 ms: the first wait is 45–60 ms, the second 90–120 ms.
		expect(waits[0]).toBeGreaterThanOrEqual(44);
		// (Up to 15 ms for the runner reading the clock after the handler did, on a busy machine.)
		expect(waits[0]).toBeLessThanOrEqual(75);
		expect(waits[1]).toBeGreaterThan(waits[0]);
		expect(waits[1]).toBeGreaterThanOrEqual(89);
		// And no run came before its time.
		expect(runs[1]).toBeGreaterThanOrEqual(dueAt[1]);
		expect(runs[2]).toBeGreaterThanOrEqual(dueAt[2]);
		const [row] = await rows();
		expect(row).toMatchObject({ state: 'done', attempts: 3, lastError: null });
		expect(row.finishedAt).not.toBeNull();
	});

	it('after its last attempt a job is failed, with the error kept', async () => {
		let runs = 0;
		start(async () => {
			runs++;
			throw new Error('connection refused');
		});
		await enqueue('hopeless');
		await until(async () => (await rows())[0]?.state === 'failed');
		expect(runs).toBe(testProbe.maxAttempts);
		expect((await rows())[0]).toMatchObject({ state: 'failed', attempts: testProbe.maxAttempts, lastError: 'connection refused' });
	});

	it('a keyed job enqueued twice runs once', async () => {
		const ran: string[] = [];
		expect(await enqueue('first', { key: 'mail:person-1' })).toBe(true);
		expect(await enqueue('second', { key: 'mail:person-1' })).toBe(false);
		start(async ({ label }) => void ran.push(label));
		await until(async () => (await rows()).every((r) => r.state === 'done'));
		await new Promise((r) => setTimeout(r, 150));
		expect(ran).toEqual(['first']);
		// Once done, the same work may be asked for again.
		expect(await enqueue('later', { key: 'mail:person-1' })).toBe(true);
	});

	it('a job whose lease ran out (its process died) is claimed again', async () => {
		await enqueue('orphan');
		const [job] = await rows();
		await data.q
			.update(data.t.jobs)
			.set({ state: 'running', attempts: 1, leaseOwner: 'dead-process', leaseUntil: new Date(Date.now() - 1) })
			.where(eq(data.t.jobs.id, job.id));
		const ran: string[] = [];
		start(async ({ label }) => void ran.push(label));
		await until(async () => (await rows())[0].state === 'done');
		expect(ran).toEqual(['orphan']);
		expect((await rows())[0].attempts).toBe(2);
	});

	it('jobs run side by side up to the configured concurrency, no more', async () => {
		let now = 0;
		let most = 0;
		start(
			async () => {
				most = Math.max(most, ++now);
				await new Promise((r) => setTimeout(r, 40));
				now--;
			},
			{ concurrency: 2 }
		);
		for (let i = 0; i < 6; i++) await enqueue(`job ${i}`);
		await until(async () => (await rows()).every((r) => r.state === 'done'));
		expect(most).toBe(2);
	});

	it('shutdown waits for a running job within its grace, and hands back one that takes longer', async () => {
		const finished: string[] = [];
		start(async ({ label }, { signal }) => {
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, label === 'quick' ? 50 : 5_000);
				if (label !== 'quick') signal.addEventListener('abort', () => (clearTimeout(timer), resolve()));
			});
			finished.push(label);
		});
		await enqueue('quick');
		await until(async () => (await rows())[0].state === 'running');
		await runner!.stop(1_000);
		expect((await rows())[0].state).toBe('done');

		await data.q.delete(data.t.jobs);
		start(async (_p, { signal }) => {
			await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
		});
		await enqueue('slow');
		await until(async () => (await rows())[0].state === 'running');
		const began = Date.now();
		await runner!.stop(100);
		expect(Date.now() - began).toBeLessThan(1_000);
		// Back in the queue, its attempt not counted, for the next process to run; the handler, which
		// returned once aborted, did not mark it done.
		expect((await rows())[0]).toMatchObject({ state: 'queued', attempts: 0, leaseOwner: null });
	});
});
