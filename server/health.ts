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
import { sql, type SQL } from 'drizzle-orm';
import type { Data, Dialect } from '../src/lib/server/db/client';
import { migrationsFolder } from '../src/lib/server/db';
import { postgresMigrationsFolder } from '../src/lib/server/db/postgres';

export interface HealthOptions {
	data: Data;
	/** Null when this instance runs without REDIS_URL (it is the only one). */
	redisStatus: (() => string) | null;
	/** The newest migration this build brings (its journal's `when`), or null when unknown. */
	newestMigration: number | null;
	instanceId: string;
	/** How long /readyz waits for the database before it says "not ready". */
	databaseTimeoutMs?: number;
}

export interface Health {
	/** Answers /healthz and /readyz (the latter once the database answered); false for every other request (SvelteKit's then). */
	answer(req: IncomingMessage, res: ServerResponse): boolean;
	/** From now on not ready, for good: the instance is shutting down. */
	drain(): void;
	draining(): boolean;
	/** Why this instance is not ready, or null when it is. Never rejects. */
	notReadyBecause(): Promise<string | null>;
}

/** A balancer's probe gives up after about a second or two; it should hear our reason before. */
const DATABASE_TIMEOUT_MS = 2_000;

// drizzle's own table: the time of the newest migration applied to this database. The query is
// the ping as well: an answer means the database is there and holds our schema. Built once: a
// balancer polls every few seconds, and on SQLite the data layer keeps the statement prepared
// by its text (one per connection); on PostgreSQL the parse of this query is the cheap part.
const newestApplied: Record<Dialect, SQL> = {
	sqlite: sql`SELECT max(created_at) AS newest FROM __drizzle_migrations`,
	postgres: sql`SELECT max(created_at) AS newest FROM drizzle.__drizzle_migrations`
};

export function createHealth(options: HealthOptions): Health {
	const { data, databaseTimeoutMs = DATABASE_TIMEOUT_MS } = options;
	let draining = false;

	// Polls that arrive while the database has not answered share that one query: a database that
	// hangs costs one connection, not one per poll.
	let underWay: Promise<string | null> | null = null;
	const databaseCheck = () =>
		(underWay ??= data
			.rows<{ newest: number | string | null }>(newestApplied[data.dialect])
			.then(
				([row]) => {
					// PostgreSQL's bigint arrives as a string.
					const newest = Number(row?.newest ?? 0);
					return options.newestMigration !== null && newest < options.newestMigration ? 'migrations pending' : null;
				},
				(error: unknown) => `database: ${(error as Error).message}`
			)
			.finally(() => (underWay = null)));

	async function notReadyBecause(): Promise<string | null> {
		if (draining) return 'shutting down';
		if (options.redisStatus && options.redisStatus() !== 'ready') return `redis ${options.redisStatus()}`;
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<string>((resolve) => {
			timer = setTimeout(() => resolve(`database: no answer within ${databaseTimeoutMs} ms`), databaseTimeoutMs);
		});
		try {
			const reason = await Promise.race([databaseCheck(), timeout]);
			// Draining may have begun while the database answered.
			return draining ? 'shutting down' : reason;
		} finally {
			clearTimeout(timer);
		}
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
			void notReadyBecause()
				.then((reason) =>
					send(res, reason ? 503 : 200, reason ? { ready: false, instance: options.instanceId, reason } : { ready: true, instance: options.instanceId })
				)
				.catch((error: unknown) => {
					// Not expected (the check never rejects), but a failed answer must not become an
					// unhandled rejection, which would end the process.
					console.error(`/readyz not answered: ${(error as Error).message}`);
					res.destroy();
				});
			return true;
		},
		drain() {
			draining = true;
		},
		draining: () => draining,
		notReadyBecause
	};
}

/** The newest migration this build brings for a database of the given dialect (`drizzle/sqlite`, `drizzle/pg`). */
export function newestMigrationOf(dialect: Dialect): number | null {
	return newestMigrationIn(dialect === 'postgres' ? postgresMigrationsFolder() : migrationsFolder());
}

/** The `when` of the newest migration in a drizzle migrations folder, or null when it has no journal. */
export function newestMigrationIn(folder: string): number | null {
	const journal = join(folder, 'meta', '_journal.json');
	if (!existsSync(journal)) return null;
	const entries = (JSON.parse(readFileSync(journal, 'utf8')) as { entries: { when: number }[] }).entries;
	return entries.length ? Math.max(...entries.map((e) => e.when)) : null;
}
