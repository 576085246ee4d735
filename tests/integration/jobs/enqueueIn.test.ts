import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Data } from '../../../src/lib/server/db/client';
import { enqueueJobIn, enqueueJobsIn } from '../../../src/lib/server/jobs/enqueueIn';
import { JOB_HANDLERS } from '../../../src/lib/server/jobs/kinds';
import { onJobEnqueued } from '../../../src/lib/server/jobs/wake';
import { DIALECTS, tempData, type TempData } from '../support/data';

/** Enqueueing on the data layer: the rows, keys and refusals of enqueue.ts, on both databases. */
describe.each(DIALECTS)('enqueueJobIn / enqueueJobsIn on %s', (dialect) => {
	let storage: TempData;
	let data: Data;
	let wakes = 0;
	beforeAll(async () => {
		storage = await tempData(dialect);
		data = storage.data;
		onJobEnqueued(() => wakes++);
	});
	afterAll(async () => {
		onJobEnqueued(undefined);
		await storage?.cleanup();
	});
	beforeEach(async () => {
		await data.q.delete(data.t.jobs);
		wakes = 0;
	});
	const rows = () => data.q.select().from(data.t.jobs);
	const settle = () => new Promise((r) => setImmediate(r));

	it('writes the job and wakes the runner; a second one with the same open key is a no-op', async () => {
		expect(await enqueueJobIn(data, data.q, 'test.probe', { label: 'first', ms: 0 }, { key: 'probe:a', conferenceId: null })).toBe(true);
		expect(await data.transaction((tx) => enqueueJobIn(data, tx, 'test.probe', { label: 'again', ms: 0 }, { key: 'probe:a' }))).toBe(false);
		await settle();
		const [row, ...more] = await rows();
		expect(more).toEqual([]);
		expect(row).toMatchObject({ kind: 'test.probe', key: 'probe:a', state: 'queued', attempts: 0, maxAttempts: JOB_HANDLERS['test.probe'].maxAttempts });
		expect(JSON.parse(row.payload)).toEqual({ label: 'first', ms: 0 });
		// The refused one did not wake it.
		expect(wakes).toBe(1);
	});

	it('a job enqueued in a transaction that rolls back is not there', async () => {
		await expect(
			data.transaction(async (tx) => {
				expect(await enqueueJobIn(data, tx, 'test.probe', { label: 'gone', ms: 0 }, { key: 'probe:gone' })).toBe(true);
				await enqueueJobsIn(data, tx, 'test.probe', [{ payload: { label: 'gone too', ms: 0 } }]);
				throw new Error('the command refused');
			})
		).rejects.toThrow('the command refused');
		expect(await rows()).toEqual([]);
		// The key is free again: nothing of the rolled-back job holds it.
		expect(await enqueueJobIn(data, data.q, 'test.probe', { label: 'now', ms: 0 }, { key: 'probe:gone' })).toBe(true);
	});

	it('many at once are the rows one at a time would be, skipping keys still open, in one statement', async () => {
		await enqueueJobIn(data, data.q, 'test.probe', { label: 'first', ms: 0 }, { key: 'probe:a' });
		await settle();
		wakes = 0;
		const added = await data.transaction((tx) =>
			enqueueJobsIn(data, tx, 'test.probe', [
				{ payload: { label: 'again', ms: 0 }, options: { key: 'probe:a' } },
				{ payload: { label: 'second', ms: 0 }, options: { key: 'probe:b', runAt: new Date('2030-01-01T00:00:00Z') } },
				{ payload: { label: 'third', ms: 0 } }
			])
		);
		expect(added).toBe(2);
		await settle();
		// Written in a transaction: the runner is woken by whoever knows it committed (transactOn), not here.
		expect(wakes).toBe(0);
		const all = await rows();
		expect(all.map((r) => JSON.parse(r.payload).label).sort()).toEqual(['first', 'second', 'third']);
		const second = all.find((r) => r.key === 'probe:b')!;
		expect(second).toMatchObject({ kind: 'test.probe', state: 'queued', attempts: 0, conferenceId: null, maxAttempts: JOB_HANDLERS['test.probe'].maxAttempts });
		expect(second.runAt.toISOString()).toBe('2030-01-01T00:00:00.000Z');
		const third = all.find((r) => JSON.parse(r.payload).label === 'third')!;
		expect(third.key).toBeNull();
		expect(third.runAt.getTime()).toBe(third.createdAt.getTime());
	});

	it('a thousand at once are a thousand rows with their own ids', async () => {
		const added = await enqueueJobsIn(
			data,
			data.q,
			'test.probe',
			Array.from({ length: 1000 }, (_, i) => ({ payload: { label: `job ${i}`, ms: 0 }, options: { key: `probe:${i}` } }))
		);
		expect(added).toBe(1000);
		const all = await rows();
		expect(new Set(all.map((r) => r.id)).size).toBe(1000);
		expect(new Set(all.map((r) => r.key)).size).toBe(1000);
	});

	it('refuses a payload larger than a job may carry, writing none of the batch', async () => {
		await expect(
			enqueueJobsIn(data, data.q, 'test.probe', [{ payload: { label: 'ok', ms: 0 } }, { payload: { label: 'x'.repeat(20_000), ms: 0 } }])
		).rejects.toThrow(/larger than/);
		await expect(enqueueJobIn(data, data.q, 'test.probe', { label: 'x'.repeat(20_000), ms: 0 })).rejects.toThrow(/larger than/);
		expect(await rows()).toEqual([]);
		expect(wakes).toBe(0);
	});
});
