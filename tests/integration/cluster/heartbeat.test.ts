import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Data } from '../../../src/lib/server/db/client';
import {
	HEARTBEAT_MS,
	InstanceIdInUse,
	SeveralInstancesWithoutRedis,
	STALE_MS,
	startHeartbeat,
	type Heartbeat,
	type HeartbeatOptions
} from '../../../src/lib/server/cluster/heartbeat';
import { DIALECTS, tempData, type TempData } from '../support/data';

describe.each(DIALECTS)('the instance heartbeat on %s', (dialect) => {
	let db: TempData;
	/** Each instance on its own handle (its own connection or pool), as separate processes have. */
	let first: Data;
	let second: Data;
	beforeAll(async () => {
		db = await tempData(dialect);
		first = db.data;
		second = await db.another();
	});
	afterAll(async () => {
		await db.cleanup();
	});

	let clock = Date.now();
	const now = () => clock;
	const elsewhere = { host: 'other-host', pid: 4242, now };
	const started: Heartbeat[] = [];
	const start = async (data: Data, options: HeartbeatOptions) => {
		const heartbeat = await startHeartbeat(data, options);
		started.push(heartbeat);
		return heartbeat;
	};
	const rows = async () =>
		(await first.q.select().from(first.t.instances).orderBy(first.t.instances.id)).map(({ id, pid, lastSeenAt }) => ({ id, pid, lastSeenAt }));

	beforeEach(async () => {
		await first.q.delete(first.t.instances);
	});
	afterEach(async () => {
		// Also those a test lets "crash": their timers would write into the next test.
		await Promise.all(started.splice(0).map((heartbeat) => heartbeat.stop()));
		vi.restoreAllMocks();
	});

	it('a second instance without REDIS_URL refuses to start while the first is seen, and says why', async () => {
		const running = await start(first, { id: 'a', withRedis: false, ...elsewhere });
		await expect(startHeartbeat(second, { id: 'b', withRedis: false, now })).rejects.toThrow(SeveralInstancesWithoutRedis);
		await expect(startHeartbeat(second, { id: 'b', withRedis: false, now })).rejects.toThrow(
			/REDIS_URL is required when more than one instance runs.*"a" \(host other-host, pid 4242/
		);
		// With Redis on its side only, still no: the first one would not hear from it.
		await expect(startHeartbeat(second, { id: 'b', withRedis: true, now })).rejects.toThrow(/without REDIS_URL/);
		await running.stop();
		expect(await rows()).toEqual([]);
	});

	it('a second process with the INSTANCE_ID of a running one refuses to start, with or without Redis', async () => {
		const running = await start(first, { id: 'a', withRedis: false, ...elsewhere });
		await expect(startHeartbeat(second, { id: 'a', withRedis: false, now })).rejects.toThrow(InstanceIdInUse);
		await expect(startHeartbeat(second, { id: 'a', withRedis: true, now })).rejects.toThrow(
			/INSTANCE_ID "a" is in use by a running instance \(host other-host, pid 4242\)/
		);
		await running.stop();
		// Once it is gone, the name is free again.
		await start(second, { id: 'a', withRedis: false, now });
		expect((await rows()).map((r) => r.pid)).toEqual([process.pid]);
	});

	it('instances that all have REDIS_URL run side by side', async () => {
		await start(first, { id: 'a', withRedis: true, ...elsewhere });
		await start(second, { id: 'b', withRedis: true, now });
		expect((await rows()).map((r) => r.id)).toEqual(['a', 'b']);
	});

	it('an instance gone without a word (kill -9) no longer counts once its beats are missing, or at once on its own host', async () => {
		await start(first, { id: 'crashed-elsewhere', withRedis: false, ...elsewhere }); // not stopped: killed
		clock += HEARTBEAT_MS;
		await expect(startHeartbeat(second, { id: 'b', withRedis: false, now })).rejects.toThrow(SeveralInstancesWithoutRedis);
		clock += STALE_MS;
		await (await start(second, { id: 'b', withRedis: false, now })).stop();

		// Fresh, but of this host and its process is gone: a restart right after a crash is not refused.
		await start(first, { id: 'crashed-here', withRedis: false, pid: 4243, now, alive: () => false });
		await start(second, { id: 'c', withRedis: false, now, alive: () => false });
	});

	it('rows of processes gone for more than a day are removed at the next start', async () => {
		await start(first, { id: 'long-gone', withRedis: false, ...elsewhere });
		clock += 25 * 3_600_000;
		await start(second, { id: 'b', withRedis: false, now });
		expect((await rows()).map((r) => r.id)).toEqual(['b']);
	});

	it('a restart under the same INSTANCE_ID, its process gone, takes its row over, and the old one no longer writes it', async () => {
		const old = await start(first, { id: 'same', withRedis: false, pid: 4242, now });
		await start(second, { id: 'same', withRedis: false, pid: 99, now, alive: (pid) => pid !== 4242 });
		const taken = await rows();
		expect(taken).toMatchObject([{ id: 'same', pid: 99 }]);
		// The old process was only stalled: its late beat and its stop leave the new one's row alone.
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		clock += HEARTBEAT_MS;
		await old.beat();
		await old.stop();
		expect(await rows()).toEqual(taken);
		expect(errors).toHaveBeenCalledWith(expect.stringMatching(/heartbeat of same: its row is gone/));
	});

	it('each beat writes the time; a failed beat is logged once and the next one writes again', async () => {
		const running = await start(first, { id: 'a', withRedis: false, ...elsewhere });
		clock += HEARTBEAT_MS;
		await running.beat();
		expect((await rows())[0].lastSeenAt).toEqual(new Date(clock));

		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const logs = vi.spyOn(console, 'log').mockImplementation(() => {});
		// The database refuses the write (here: the table is away) for two beats.
		await first.execute(sql`ALTER TABLE instances RENAME TO instances_away`);
		try {
			const before = clock;
			clock += HEARTBEAT_MS;
			await expect(running.beat()).resolves.toBeUndefined();
			clock += HEARTBEAT_MS;
			await running.beat();
			expect(errors).toHaveBeenCalledTimes(1);
			expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^heartbeat of a not written: /));
			await first.execute(sql`ALTER TABLE instances_away RENAME TO instances`);
			expect((await rows())[0].lastSeenAt).toEqual(new Date(before));
		} catch (error) {
			await first.execute(sql`ALTER TABLE instances_away RENAME TO instances`).catch(() => {});
			throw error;
		}
		clock += HEARTBEAT_MS;
		await running.beat();
		expect((await rows())[0].lastSeenAt).toEqual(new Date(clock));
		expect(logs).toHaveBeenCalledWith('heartbeat of a written again after 2 missed');
	});

	it('a beat the database holds up is not stacked: the beats due meanwhile join it', async () => {
		const running = await start(first, { id: 'a', withRedis: false, ...elsewhere });
		// Another writer holds the row (PostgreSQL: a row lock from another instance) or the connection (SQLite).
		const writer = dialect === 'postgres' ? second : first;
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		let holding!: () => void;
		const held = new Promise<void>((resolve) => (holding = resolve));
		const other = writer.transaction(async (tx) => {
			await tx.update(writer.t.instances).set({ withRedis: false }).where(eq(writer.t.instances.id, 'a'));
			holding();
			await gate;
		});
		await held;
		clock += HEARTBEAT_MS;
		const beat = running.beat();
		const again = running.beat();
		release();
		await other;
		expect(again).toBe(beat);
		await beat;
		expect((await rows())[0].lastSeenAt).toEqual(new Date(clock));
	});

	it('two instances starting at once, one without Redis, are never both admitted', async () => {
		// PostgreSQL: two pools, the registrations truly overlap. SQLite: one handle (a second
		// connection in this process would block the event loop on the write lock); one writer anyway.
		const other = dialect === 'postgres' ? second : first;
		for (let round = 0; round < 25; round++) {
			await first.q.delete(first.t.instances);
			const outcomes = await Promise.allSettled([
				startHeartbeat(first, { id: `a${round}`, withRedis: false, host: 'host-a', pid: 1, now }),
				startHeartbeat(other, { id: `b${round}`, withRedis: round % 2 === 0, host: 'host-b', pid: 2, now })
			]);
			const admitted = outcomes.filter((o) => o.status === 'fulfilled');
			const refused = outcomes.filter((o) => o.status === 'rejected');
			expect(admitted).toHaveLength(1);
			expect(refused.map((o) => o.reason)).toEqual([expect.any(SeveralInstancesWithoutRedis)]);
			for (const o of admitted) await o.value.stop();
			expect(await rows()).toEqual([]);
		}
	});
});
