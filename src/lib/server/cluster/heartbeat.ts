import { and, eq, gt, lt, ne } from 'drizzle-orm';
import { hostname } from 'node:os';
import type { Db } from '../db';
import { instances } from '../db/schema';

/** How often an instance writes its row. */
export const HEARTBEAT_MS = 5_000;
/** A row not written for this long belongs to a process that is gone (three missed beats). */
export const STALE_MS = 3 * HEARTBEAT_MS;
/** Rows of processes gone for longer than this are removed at the next start. */
const FORGOTTEN_MS = 24 * 3_600_000;

export interface HeartbeatOptions {
	id: string;
	withRedis: boolean;
	host?: string;
	pid?: number;
	now?: () => number;
	/** Whether a process of this host runs; a row of this host whose process is gone is not running, however fresh. */
	alive?: (pid: number) => boolean;
}

/** This instance must not start on this database; the message says why and what to do. */
export class RefusedToStart extends Error {}
export class SeveralInstancesWithoutRedis extends RefusedToStart {}
/** Another running process already has this INSTANCE_ID: its row, and the check above, would be taken over. */
export class InstanceIdInUse extends RefusedToStart {}

/**
 * Registers this instance and keeps its row fresh until `stop()`. Refuses (throws
 * `SeveralInstancesWithoutRedis`) when another instance runs on this database and either of the
 * two lacks REDIS_URL: without Redis they would each keep their own document copies, throttling
 * counts and live updates, and people on one would not see what the other did. The check and the
 * registration are one write transaction, so two instances starting together cannot both miss
 * each other.
 */
export function startHeartbeat(db: Db, options: HeartbeatOptions): { stop(): void } {
	const host = options.host ?? hostname();
	const pid = options.pid ?? process.pid;
	const now = options.now ?? Date.now;
	const alive = options.alive ?? processAlive;
	db.transaction(
		(tx) => {
			const at = now();
			tx.delete(instances)
				.where(lt(instances.lastSeenAt, new Date(at - FORGOTTEN_MS)))
				.run();
			const others = tx
				.select()
				.from(instances)
				.where(and(ne(instances.id, options.id), gt(instances.lastSeenAt, new Date(at - STALE_MS))))
				.all()
				// A process of this host that is gone (killed with -9 a moment ago) does not run.
				.filter((other) => other.host !== host || alive(other.pid));
			const conflict = others.find((other) => !options.withRedis || !other.withRedis);
			if (conflict) {
				const ago = Math.round((at - conflict.lastSeenAt.getTime()) / 1000);
				const who = `"${conflict.id}" (host ${conflict.host}, pid ${conflict.pid}, seen ${ago} s ago${conflict.withRedis ? '' : ', without REDIS_URL'})`;
				throw new SeveralInstancesWithoutRedis(
					`REDIS_URL is required when more than one instance runs, and another one runs on this database: ${who}. Give every instance the same REDIS_URL, or stop the other one (README, "Running several instances").`
				);
			}
			const namesake = tx
				.select()
				.from(instances)
				.where(and(eq(instances.id, options.id), gt(instances.lastSeenAt, new Date(at - STALE_MS))))
				.get();
			if (namesake && (namesake.host !== host || namesake.pid !== pid) && (namesake.host !== host || alive(namesake.pid))) {
				throw new InstanceIdInUse(
					`INSTANCE_ID "${options.id}" is in use by a running instance (host ${namesake.host}, pid ${namesake.pid}): give every instance its own INSTANCE_ID, or leave it unset (README, "Running several instances"). If that instance has just ended, this one starts once its heartbeat is ${STALE_MS / 1000} s old.`
				);
			}
			const row = { host, pid, withRedis: options.withRedis, startedAt: new Date(at), lastSeenAt: new Date(at) };
			tx.insert(instances)
				.values({ id: options.id, ...row })
				.onConflictDoUpdate({ target: instances.id, set: row })
				.run();
		},
		{ behavior: 'immediate' }
	);
	const beat = () => {
		try {
			db.update(instances)
				.set({ lastSeenAt: new Date(now()) })
				.where(eq(instances.id, options.id))
				.run();
		} catch (error) {
			// A busy or briefly unreachable database misses one beat; three in a row make this instance look gone.
			console.error(`heartbeat of ${options.id} not written: ${(error as Error).message}`);
		}
	};
	const timer = setInterval(beat, HEARTBEAT_MS);
	timer.unref();
	return {
		stop() {
			clearInterval(timer);
			try {
				db.delete(instances)
					.where(and(eq(instances.id, options.id), eq(instances.pid, pid), eq(instances.host, host)))
					.run();
			} catch (error) {
				console.error(`heartbeat of ${options.id} not removed: ${(error as Error).message}`);
			}
		}
	};
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it runs, as another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
