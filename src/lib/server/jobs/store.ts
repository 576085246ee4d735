import { sql, type SQL } from 'drizzle-orm';
import type { Data } from '../db/client';

/**
 * The runner's statements on the jobs table, on either database. Each is one statement, atomic on
 * its own, so no transaction is held open around a claim (on SQLite that would hold the one
 * connection; on PostgreSQL, a pooled connection and row locks for as long as a job runs). Every
 * change to a running job is fenced by its lease owner, so a runner that lost its lease cannot
 * overwrite what another runner did since. Timestamps are integer milliseconds on both.
 */
export interface ClaimedJob {
	id: string;
	kind: string;
	payload: string;
	attempts: number;
	maxAttempts: number;
}

const MAX_ERROR_LENGTH = 1000;
const bound = (error: string) => (error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error);

/**
 * The claim: the oldest due job, or a running one whose lease ended (its process died). SQLite has
 * one writer at a time, so the subquery and the update see the same row. On PostgreSQL, runners of
 * several instances claim at once: `FOR UPDATE SKIP LOCKED` locks the row the subquery picks and
 * passes over rows another claim locked, so two runners neither wait on each other nor take the
 * same job (a row another claim just took no longer matches when the lock is granted, and is skipped).
 */
function claimStatement(dialect: Data['dialect'], owner: string, now: number, leaseUntil: number): SQL {
	const due = sql`(state = 'queued' AND run_at <= ${now}) OR (state = 'running' AND lease_until < ${now})`;
	const set = sql`state = 'running', attempts = attempts + 1, lease_owner = ${owner}, lease_until = ${leaseUntil}`;
	const returning = sql`RETURNING id, kind, payload, attempts, max_attempts AS "maxAttempts"`;
	return dialect === 'postgres'
		? sql`UPDATE jobs SET ${set} WHERE id = (SELECT id FROM jobs WHERE ${due} ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) ${returning}`
		: sql`UPDATE jobs SET ${set} WHERE id = (SELECT id FROM jobs WHERE ${due} ORDER BY run_at, id LIMIT 1) ${returning}`;
}

export function jobStore(data: Data) {
	const changed = (statement: SQL) => data.execute(statement);
	// What is held by `owner` and still running: the fence of every change a runner makes to its job.
	const held = (id: string, owner: string) => sql`id = ${id} AND lease_owner = ${owner} AND state = 'running'`;
	// A released job was not tried to the end: the attempt does not count.
	const uncounted = data.dialect === 'postgres' ? sql`GREATEST(attempts - 1, 0)` : sql`max(attempts - 1, 0)`;

	return {
		async claim(owner: string, now: number, leaseMs: number): Promise<ClaimedJob | undefined> {
			const [job] = await data.rows<ClaimedJob>(claimStatement(data.dialect, owner, now, now + leaseMs));
			return job;
		},
		/** False when the lease is no longer ours (it ran out and another runner took the job). */
		async renew(id: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
			return (await changed(sql`UPDATE jobs SET lease_until = ${now + leaseMs} WHERE ${held(id, owner)}`)) === 1;
		},
		async done(id: string, owner: string, payload: string, now: number): Promise<boolean> {
			return (
				(await changed(sql`
					UPDATE jobs SET state = 'done', payload = ${payload}, finished_at = ${now}, last_error = NULL, lease_owner = NULL, lease_until = NULL
					WHERE ${held(id, owner)}`)) === 1
			);
		},
		async retry(id: string, owner: string, runAt: number, error: string): Promise<boolean> {
			return (
				(await changed(sql`
					UPDATE jobs SET state = 'queued', run_at = ${runAt}, last_error = ${bound(error)}, lease_owner = NULL, lease_until = NULL
					WHERE ${held(id, owner)}`)) === 1
			);
		},
		async fail(id: string, owner: string, now: number, error: string): Promise<boolean> {
			return (
				(await changed(sql`
					UPDATE jobs SET state = 'failed', finished_at = ${now}, last_error = ${bound(error)}, lease_owner = NULL, lease_until = NULL
					WHERE ${held(id, owner)}`)) === 1
			);
		},
		/** Every job `owner` still runs, back to the queue (a shutdown whose grace ran out); how many. */
		release(owner: string): Promise<number> {
			return changed(sql`
				UPDATE jobs SET state = 'queued', attempts = ${uncounted}, lease_owner = NULL, lease_until = NULL
				WHERE lease_owner = ${owner} AND state = 'running'`);
		},
		/** When the next queued job falls due (milliseconds), or null when none is queued. */
		async nextDue(): Promise<number | null> {
			// min() of a bigint comes back from node-postgres as a string.
			const [row] = await data.rows<{ at: number | string | null }>(sql`SELECT min(run_at) AS at FROM jobs WHERE state = 'queued'`);
			return row?.at == null ? null : Number(row.at);
		}
	};
}

export type JobStore = ReturnType<typeof jobStore>;
