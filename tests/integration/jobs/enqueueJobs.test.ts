import { afterAll, describe, expect, it } from 'vitest';
import { jobs } from '../../../src/lib/server/db/schema';
import { enqueueJob, enqueueJobs } from '../../../src/lib/server/jobs/enqueue';
import { tempDatabase } from '../support/db';

/** Many jobs in one statement are the same rows as one at a time: keys refuse a second open job, sizes are bounded. */
const storage = tempDatabase();
const db = storage.db;
afterAll(() => storage.cleanup());

describe('enqueueJobs', () => {
	it('writes each job as enqueueJob would, and skips those whose key is still open', () => {
		enqueueJob(db, 'test.probe', { note: 'first' } as never, { key: 'probe:a' });
		enqueueJobs(db, 'test.probe', [
			{ payload: { note: 'again' } as never, options: { key: 'probe:a' } },
			{ payload: { note: 'second' } as never, options: { key: 'probe:b', runAt: new Date('2030-01-01T00:00:00Z') } },
			{ payload: { note: 'third' } as never }
		]);
		const rows = db.select().from(jobs).all();
		expect(rows.map((r) => JSON.parse(r.payload).note).sort()).toEqual(['first', 'second', 'third']);
		const second = rows.find((r) => r.key === 'probe:b')!;
		expect(second).toMatchObject({ kind: 'test.probe', state: 'queued', attempts: 0, conferenceId: null });
		expect(second.runAt.toISOString()).toBe('2030-01-01T00:00:00.000Z');
	});

	it('refuses a payload larger than a job may carry, writing none of the batch', () => {
		const before = db.select().from(jobs).all().length;
		expect(() => enqueueJobs(db, 'test.probe', [{ payload: { note: 'ok' } as never }, { payload: { note: 'x'.repeat(20_000) } as never }])).toThrow(
			/larger than/
		);
		expect(db.select().from(jobs).all()).toHaveLength(before);
	});
});
