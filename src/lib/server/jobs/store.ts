import type Database from 'better-sqlite3';
import type { Db } from '../db';

/**
 * The runner's statements on the jobs table. Each is one synchronous statement, atomic on its
 * own: SQLite serialises writers, so a claim needs no transaction around it (and an async one
 * must never be held open on SQLite). Every change to a running job is fenced by its lease owner,
 * so a runner that lost its lease cannot overwrite what another runner did since.
 */
export interface ClaimedJob {
	id: string;
	kind: string;
	payload: string;
	attempts: number;
	maxAttempts: number;
}

const MAX_ERROR_LENGTH = 1000;

export function jobStore(db: Db) {
	const client: Database.Database = db.$client;
	const claimStatement = client.prepare(`
		UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = @owner, lease_until = @leaseUntil
		WHERE id = (
			SELECT id FROM jobs
			WHERE (state = 'queued' AND run_at <= @now) OR (state = 'running' AND lease_until < @now)
			ORDER BY run_at, id LIMIT 1
		)
		RETURNING id, kind, payload, attempts, max_attempts AS maxAttempts`);
	const renewStatement = client.prepare(`UPDATE jobs SET lease_until = @leaseUntil WHERE id = @id AND lease_owner = @owner AND state = 'running'`);
	const doneStatement = client.prepare(`
		UPDATE jobs SET state = 'done', payload = @payload, finished_at = @now, last_error = NULL, lease_owner = NULL, lease_until = NULL
		WHERE id = @id AND lease_owner = @owner AND state = 'running'`);
	const retryStatement = client.prepare(`
		UPDATE jobs SET state = 'queued', run_at = @runAt, last_error = @error, lease_owner = NULL, lease_until = NULL
		WHERE id = @id AND lease_owner = @owner AND state = 'running'`);
	const failStatement = client.prepare(`
		UPDATE jobs SET state = 'failed', finished_at = @now, last_error = @error, lease_owner = NULL, lease_until = NULL
		WHERE id = @id AND lease_owner = @owner AND state = 'running'`);
	// A released job was not tried to the end: the attempt does not count.
	const releaseStatement = client.prepare(`
		UPDATE jobs SET state = 'queued', attempts = max(attempts - 1, 0), lease_owner = NULL, lease_until = NULL
		WHERE lease_owner = @owner AND state = 'running'`);
	const nextDueStatement = client.prepare(`SELECT min(run_at) AS at FROM jobs WHERE state = 'queued'`);
	const bound = (error: string) => (error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error);

	return {
		claim: (owner: string, now: number, leaseMs: number): ClaimedJob | undefined =>
			claimStatement.get({ owner, now, leaseUntil: now + leaseMs }) as ClaimedJob | undefined,
		/** False when the lease is no longer ours (it ran out and another runner took the job). */
		renew: (id: string, owner: string, now: number, leaseMs: number) => renewStatement.run({ id, owner, leaseUntil: now + leaseMs }).changes === 1,
		done: (id: string, owner: string, payload: string, now: number) => doneStatement.run({ id, owner, payload, now }).changes === 1,
		retry: (id: string, owner: string, runAt: number, error: string) => retryStatement.run({ id, owner, runAt, error: bound(error) }).changes === 1,
		fail: (id: string, owner: string, now: number, error: string) => failStatement.run({ id, owner, now, error: bound(error) }).changes === 1,
		release: (owner: string) => releaseStatement.run({ owner }).changes,
		nextDue: (): number | null => (nextDueStatement.get() as { at: number | null }).at
	};
}

export type JobStore = ReturnType<typeof jobStore>;
