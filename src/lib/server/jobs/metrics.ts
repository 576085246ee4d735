import { Gauge } from 'prom-client';
import type { Db } from '../db';

/**
 * Jobs due, running and failed, read from the table at scrape time (so they count every
 * process's jobs, and cost nothing between scrapes). Registered once per process.
 */
const slot = Symbol.for('ratschlag.jobs.metrics');
const g = globalThis as unknown as Record<symbol, true | undefined>;

export function jobCounts(db: Db, now = Date.now()) {
	return db.$client
		.prepare(
			`SELECT count(*) FILTER (WHERE state = 'queued' AND run_at <= @now) AS due,
				count(*) FILTER (WHERE state = 'running') AS running,
				count(*) FILTER (WHERE state = 'failed') AS failed
			FROM jobs WHERE state IN ('queued', 'running', 'failed')`
		)
		.get({ now }) as { due: number; running: number; failed: number };
}

export function registerJobMetrics(db: () => Db): void {
	if (g[slot]) return;
	g[slot] = true;
	const gauge = (name: string, help: string, field: keyof ReturnType<typeof jobCounts>) =>
		new Gauge({
			name,
			help,
			collect() {
				this.set(jobCounts(db())[field]);
			}
		});
	gauge('jobs_due', 'Background jobs queued whose due time has come', 'due');
	gauge('jobs_running', 'Background jobs being run (in any process)', 'running');
	gauge('jobs_failed', 'Background jobs that failed for good and wait for a retry by hand', 'failed');
}
