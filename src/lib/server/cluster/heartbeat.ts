import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import { hostname } from 'node:os';
import { changedRows, first, type Data, type Query } from '../db/client';

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

export interface Heartbeat {
	/** Writes this instance's row now (the timer does it every HEARTBEAT_MS). Never rejects: a failure is logged. */
	beat(): Promise<void>;
	/** Stops beating and removes this instance's row. Never rejects: a failure is logged. */
	stop(): Promise<void>;
}

/** This instance must not start on this database; the message says why and what to do. */
export class RefusedToStart extends Error {}
export class SeveralInstancesWithoutRedis extends RefusedToStart {}
/** Another running process already has this INSTANCE_ID: its row, and the check above, would be taken over. */
export class InstanceIdInUse extends RefusedToStart {}

/**
 * Registers this instance and keeps its row fresh until `stop()`. Refuses (rejects with
 * `SeveralInstancesWithoutRedis`) when another instance runs on this database and either of the
 * two lacks REDIS_URL: without Redis they would each keep their own document copies, throttling
 * counts and live updates, and people on one would not see what the other did. The check and the
 * registration are one transaction that no other registration overlaps, so two instances
 * starting together cannot both miss each other.
 */
export async function startHeartbeat(data: Data, options: HeartbeatOptions): Promise<Heartbeat> {
	const host = options.host ?? hostname();
	const pid = options.pid ?? process.pid;
	const now = options.now ?? Date.now;
	const alive = options.alive ?? processAlive;
	const { instances } = data.t;

	await data.transaction(async (tx) => {
		await registrationsOneAtATime(data, tx);
		const at = now();
		await tx.delete(instances).where(lt(instances.lastSeenAt, new Date(at - FORGOTTEN_MS)));
		const others = (
			await tx
				.select()
				.from(instances)
				.where(and(ne(instances.id, options.id), gt(instances.lastSeenAt, new Date(at - STALE_MS))))
		)
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
		const namesake = first(
			await tx
				.select()
				.from(instances)
				.where(and(eq(instances.id, options.id), gt(instances.lastSeenAt, new Date(at - STALE_MS))))
		);
		if (namesake && (namesake.host !== host || namesake.pid !== pid) && (namesake.host !== host || alive(namesake.pid))) {
			throw new InstanceIdInUse(
				`INSTANCE_ID "${options.id}" is in use by a running instance (host ${namesake.host}, pid ${namesake.pid}): give every instance its own INSTANCE_ID, or leave it unset (README, "Running several instances"). If that instance has just ended, this one starts once its heartbeat is ${STALE_MS / 1000} s old.`
			);
		}
		const row = { host, pid, withRedis: options.withRedis, startedAt: new Date(at), lastSeenAt: new Date(at) };
		await tx
			.insert(instances)
			.values({ id: options.id, ...row })
			.onConflictDoUpdate({ target: instances.id, set: row });
	});

	// Only this process's row: one that took the INSTANCE_ID over after this one stalled past
	// STALE_MS is not kept fresh, nor removed, by it.
	const mine = and(eq(instances.id, options.id), eq(instances.host, host), eq(instances.pid, pid));
	let missed = 0;
	let gone = false;
	async function write() {
		try {
			const changed = changedRows(
				await data.q
					.update(instances)
					.set({ lastSeenAt: new Date(now()) })
					.where(mine)
			);
			if (missed > 0) console.log(`heartbeat of ${options.id} written again after ${missed} missed`);
			missed = 0;
			// Removed by hand, or taken over: the other instances no longer see this one. Said once.
			if (changed === 0 && !gone)
				console.error(`heartbeat of ${options.id}: its row is gone (removed, or its INSTANCE_ID taken over); other instances no longer see this one`);
			gone = changed === 0;
		} catch (error) {
			// A busy or briefly unreachable database misses a beat; three in a row make this instance
			// look gone. One line when the beats start failing, one when they are written again.
			if (missed++ === 0) console.error(`heartbeat of ${options.id} not written: ${(error as Error).message}`);
		}
	}

	// One beat at a time: a database slower than HEARTBEAT_MS gets no second update stacked on the first.
	let underWay: Promise<void> | null = null;
	let stopped: Promise<void> | null = null;
	// After stop, nothing: a beat must not outlive the removal of the row it writes.
	const beat = () => (stopped ? Promise.resolve() : (underWay ??= write().finally(() => (underWay = null))));
	const timer = setInterval(() => void beat(), HEARTBEAT_MS);
	timer.unref();
	return {
		beat,
		stop() {
			return (stopped ??= (async () => {
				clearInterval(timer);
				await underWay;
				try {
					await data.q.delete(instances).where(mine);
				} catch (error) {
					console.error(`heartbeat of ${options.id} not removed: ${(error as Error).message}`);
				}
			})());
		}
	};
}

/**
 * Makes registrations on this database wait for each other, so each one's check sees the rows of
 * those before it. SQLite: nothing to do, the transaction holds the write lock from BEGIN
 * IMMEDIATE. PostgreSQL: a transaction-level advisory lock, rather than SERIALIZABLE. Both would
 * hold the invariant (it spans rows: each instance reads the others' and inserts its own, a write
 * skew that READ COMMITTED lets through), but SERIALIZABLE aborts all but one of the instances
 * starting together and retries them, a bounded number of times: ten instances scaled up at once
 * could exhaust the retries and fail to start for no reason of their own. The lock makes them
 * queue instead, for the few milliseconds a registration takes, and is released with the commit
 * or rollback, also when the connection dies. It works because the transaction is READ COMMITTED:
 * every statement after the lock takes a new snapshot, which holds what the previous holder
 * committed (under REPEATABLE READ the snapshot would predate the wait).
 */
async function registrationsOneAtATime(data: Data, tx: Query): Promise<void> {
	if (data.dialect === 'postgres') await data.execute(sql`SELECT pg_advisory_xact_lock(hashtext('ratschlag:instances'))`, tx);
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
