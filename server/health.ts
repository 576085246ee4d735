/**
 * Liveness and readiness for a load balancer, answered before SvelteKit: no session lookup, no
 * rendering, one trivial query at most. `GET /healthz`: the process answers (200). `GET /readyz`:
 * 200 only when this instance should be sent requests (its database answers, every migration
 * this build knows is applied, Redis is connected when configured, and it is not shutting down);
 * otherwise 503 with the first reason that fails, as short JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../src/lib/server/db';

export interface HealthOptions {
	db: () => Db;
	/** Null when this instance runs without REDIS_URL (it is the only one). */
	redisStatus: (() => string) | null;
	/** The newest migration this build brings (its journal's `when`), or null when unknown. */
	newestMigration: number | null;
	instanceId: string;
}

export interface Health {
	/** Answers /healthz and /readyz; false for every other request (SvelteKit's then). */
	answer(req: IncomingMessage, res: ServerResponse): boolean;
	/** From now on not ready, for good: the instance is shutting down. */
	drain(): void;
	draining(): boolean;
	/** Why this instance is not ready, or null when it is. */
	notReadyBecause(): string | null;
}

// A balancer polls every few seconds: the statement is prepared once per connection, not per poll.
const newestApplied = new WeakMap<Db['$client'], Statement<[], { newest: number | null }>>();
function newestAppliedOf(client: Db['$client']) {
	let statement = newestApplied.get(client);
	if (!statement) {
		// drizzle's own table: the time of the newest migration applied to this database.
		statement = client.prepare<[], { newest: number | null }>('SELECT max(created_at) AS newest FROM __drizzle_migrations');
		newestApplied.set(client, statement);
	}
	return statement;
}

export function createHealth(options: HealthOptions): Health {
	let draining = false;

	function notReadyBecause(): string | null {
		if (draining) return 'shutting down';
		if (options.redisStatus && options.redisStatus() !== 'ready') return `redis ${options.redisStatus()}`;
		try {
			const row = newestAppliedOf(options.db().$client).get()!;
			if (options.newestMigration !== null && (row.newest ?? 0) < options.newestMigration) return 'migrations pending';
		} catch (error) {
			return `database: ${(error as Error).message}`;
		}
		return null;
	}

	function send(res: ServerResponse, status: number, body: object) {
		res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
		res.end(JSON.stringify(body));
	}

	return {
		answer(req, res) {
			const path = req.url?.split('?', 1)[0];
			if (path !== '/healthz' && path !== '/readyz') return false;
			if (req.method !== 'GET' && req.method !== 'HEAD') {
				res.writeHead(405, { allow: 'GET, HEAD' }).end();
				return true;
			}
			if (path === '/healthz') {
				send(res, 200, { live: true, instance: options.instanceId });
				return true;
			}
			const reason = notReadyBecause();
			send(res, reason ? 503 : 200, reason ? { ready: false, instance: options.instanceId, reason } : { ready: true, instance: options.instanceId });
			return true;
		},
		drain() {
			draining = true;
		},
		draining: () => draining,
		notReadyBecause
	};
}

/** The `when` of the newest migration in a drizzle migrations folder, or null when it has no journal. */
export function newestMigrationIn(folder: string): number | null {
	const journal = join(folder, 'meta', '_journal.json');
	if (!existsSync(journal)) return null;
	const entries = (JSON.parse(readFileSync(journal, 'utf8')) as { entries: { when: number }[] }).entries;
	return entries.length ? Math.max(...entries.map((e) => e.when)) : null;
}
