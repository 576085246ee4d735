import { Gauge } from 'prom-client';
import { sql } from 'drizzle-orm';
import type { Data } from '../db/client';

/**
 * Jobs due, running and failed, read from the table at scrape time (so they count every
 * process's jobs, and cost nothing between scrapes). Registered once per process.
 */
const slot = Symbol.for('ratschlag.jobs.metrics');
const g = globalThis as unknown as Record<symbol, true | undefined>;

export async function jobCounts(data: Data, now = new Date()): Promise<{ due: number; running: number; failed: number }> {
	const { jobs } = data.t;
	const [row] = await data.rows<{ due: number | string; running: number | string; failed: number | string }>(
		sql`SELECT count(*) FILTER (WHERE ${jobs.state} = 'queued' AND ${jobs.runAt} <= ${now}) AS due,
			count(*) FILTER (WHERE ${jobs.state} = 'running') AS running,
			count(*) FILTER (WHERE ${jobs.state} = 'failed') AS failed
		FROM ${jobs} WHERE ${jobs.state} IN ('queued', 'running', 'failed')`
	);
	// PostgreSQL's counts are bigints, which its driver gives as strings.
	return { due: Number(row?.due ?? 0), running: Number(row?.running ?? 0), failed: Number(row?.failed ?? 0) };
}

export function registerJobMetrics(data: () => Data): void {
	if (g[slot]) return;
	g[slot] = true;
	const gauge = (name: string, help: string, field: keyof Awaited<ReturnType<typeof jobCounts>>) =>
		new Gauge({
			name,
			help,
			async collect() {
				this.set((await jobCounts(data()))[field]);
			}
		});
	gauge('jobs_due', 'Background jobs queued whose due time has come', 'due');
	gauge('jobs_running', 'Background jobs being run (in any process)', 'running');
	gauge('jobs_failed', 'Background jobs that failed for good and wait for a retry by hand', 'failed');
}
