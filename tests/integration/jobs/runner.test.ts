import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { jobs } from '../../../src/lib/server/db/schema';
import { enqueueJob } from '../../../src/lib/server/jobs/enqueue';
import { startJobRunner, type JobRunner, type JobRunnerOptions } from '../../../src/lib/server/jobs/runner';
import { testProbe } from '../../../src/lib/server/jobs/kinds/testProbe';
import type { JobHandler } from '../../../src/lib/server/jobs/types';
import { tempDatabase } from '../support/db';

/** The runner on a real SQLite file, with handlers of the test's own under the test kind. */
let storage: ReturnType<typeof tempDatabase>;
let runner: JobRunner | undefined;

beforeEach(() => {
	storage = tempDatabase();
});
afterEach(async () => {
	await runner?.stop(100);
	runner = undefined;
	storage.cleanup();
});

const FAST: JobRunnerOptions = { pollMs: 50, leaseMs: 2_000, retryBaseMs: 60, retryMaxMs: 10_000, shutdownGraceMs: 200 };

function start(run: JobHandler<{ label: string; ms: number }>['run'], options: JobRunnerOptions = {}) {
	const handler = { ...testProbe, run };
	runner = startJobRunner(storage.db, { ...FAST, ...options, handlers: { 'test.probe': handler as JobHandler<unknown> } });
	return runner;
}

const enqueue = (label: string, options: Parameters<typeof enqueueJob>[3] = {}) =>
	storage.db.transaction((tx) => enqueueJob(tx, 'test.probe', { label, ms: 0 }, options));

const rows = () => storage.db.select().from(jobs).all();
const until = async (check: () => boolean, ms = 5_000) => {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 10));
	}
};

describe('background jobs', () => {
	it('a job enqueued in a transaction that rolls back never runs', async () => {
		const ran: string[] = [];
		start(async ({ label }) => void ran.push(label));
		expect(() =>
			storage.db.transaction((tx) => {
				enqueueJob(tx, 'test.probe', { label: 'rolled back', ms: 0 });
				throw new Error('the command refused');
			})
		).toThrow('the command refused');
		enqueue('committed');
		await until(() => ran.includes('committed'));
		await new Promise((r) => setTimeout(r, 150));
		expect(ran).toEqual(['committed']);
		expect(rows().map((r) => r.payload)).toEqual([JSON.stringify({ label: 'committed', ms: 0 })]);
	});

	it('a job enqueued in this process runs at once, not at the next poll', async () => {
		const ran: number[] = [];
		start(async () => void ran.push(Date.now()), { pollMs: 60_000 });
		await new Promise((r) => setTimeout(r, 50));
		const at = Date.now();
		enqueue('now');
		await until(() => ran.length === 1, 2_000);
		expect(ran[0] - at).toBeLessThan(1_000);
	});

	it('a handler that fails twice runs three times, each wait longer than the one before, then is done', async () => {
		const runs: number[] = [];
		const failedAt: number[] = [];
		const dueAt: number[] = [];
		start(async () => {
			runs.push(Date.now());
			dueAt.push(rows()[0].runAt.getTime());
			if (runs.length <= 2) {
				failedAt.push(Date.now());
				throw new Error(`mail server said no (${runs.length})`);
			}
		});
		enqueue('flaky');
		await until(() => rows()[0]?.state === 'done');
		expect(runs).toHaveLength(3);
		// The waits the runner set (run_at after each failure), not the timers' lateness on a busy machine.
		const waits = [dueAt[1] - failedAt[0], dueAt[2] - failedAt[1]];
		// Base 60 ms: the first wait is 45–60 ms, the second 90–120 ms.
		expect(waits[0]).toBeGreaterThanOrEqual(44);
		expect(waits[0]).toBeLessThanOrEqual(62);
		expect(waits[1]).toBeGreaterThan(waits[0]);
		expect(waits[1]).toBeGreaterThanOrEqual(89);
		// And no run came before its time.
		expect(runs[1]).toBeGreaterThanOrEqual(dueAt[1]);
		expect(runs[2]).toBeGreaterThanOrEqual(dueAt[2]);
		const [row] = rows();
		expect(row).toMatchObject({ state: 'done', attempts: 3, lastError: null });
		expect(row.finishedAt).not.toBeNull();
	});

	it('after its last attempt a job is failed, with the error kept', async () => {
		let runs = 0;
		start(async () => {
			runs++;
			throw new Error('connection refused');
		});
		enqueue('hopeless');
		await until(() => rows()[0]?.state === 'failed');
		expect(runs).toBe(testProbe.maxAttempts);
		expect(rows()[0]).toMatchObject({ state: 'failed', attempts: testProbe.maxAttempts, lastError: 'connection refused' });
	});

	it('a keyed job enqueued twice runs once', async () => {
		const ran: string[] = [];
		expect(enqueue('first', { key: 'mail:person-1' })).toBe(true);
		expect(enqueue('second', { key: 'mail:person-1' })).toBe(false);
		start(async ({ label }) => void ran.push(label));
		await until(() => rows().every((r) => r.state === 'done'));
		await new Promise((r) => setTimeout(r, 150));
		expect(ran).toEqual(['first']);
		// Once done, the same work may be asked for again.
		expect(enqueue('later', { key: 'mail:person-1' })).toBe(true);
	});

	it('a job whose lease ran out (its process died) is claimed again', async () => {
		enqueue('orphan');
		const [job] = rows();
		storage.db
			.update(jobs)
			.set({ state: 'running', attempts: 1, leaseOwner: 'dead-process', leaseUntil: new Date(Date.now() - 1) })
			.where(eq(jobs.id, job.id))
			.run();
		const ran: string[] = [];
		start(async ({ label }) => void ran.push(label));
		await until(() => rows()[0].state === 'done');
		expect(ran).toEqual(['orphan']);
		expect(rows()[0].attempts).toBe(2);
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
		for (let i = 0; i < 6; i++) enqueue(`job ${i}`);
		await until(() => rows().every((r) => r.state === 'done'));
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
		enqueue('quick');
		await until(() => rows()[0].state === 'running');
		await runner!.stop(1_000);
		expect(rows()[0].state).toBe('done');

		storage.db.delete(jobs).run();
		start(async (_p, { signal }) => {
			await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
		});
		enqueue('slow');
		await until(() => rows()[0].state === 'running');
		const began = Date.now();
		await runner!.stop(100);
		expect(Date.now() - began).toBeLessThan(1_000);
		// Back in the queue, its attempt not counted, for the next process to run.
		expect(rows()[0]).toMatchObject({ state: 'queued', attempts: 0, leaseOwner: null });
	});
});
