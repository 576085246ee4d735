import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/lib/server/db';
import { instances } from '../../../src/lib/server/db/schema';
import { HEARTBEAT_MS, InstanceIdInUse, SeveralInstancesWithoutRedis, STALE_MS, startHeartbeat } from '../../../src/lib/server/cluster/heartbeat';
import { tempDatabase } from '../support/db';

/** Each instance opens the file on its own connection, as separate processes do. */
const { file, db: first, cleanup } = tempDatabase();
const second = openDatabase(file);
afterAll(() => {
	second.$client.close();
	cleanup();
});

beforeEach(() => first.delete(instances).run());

let clock = Date.now();
const now = () => clock;
const elsewhere = { host: 'other-host', pid: 4242, now };

describe('the instance heartbeat', () => {
	it('a second instance without REDIS_URL refuses to start while the first is seen, and says why', () => {
		const running = startHeartbeat(first, { id: 'a', withRedis: false, ...elsewhere });
		expect(() => startHeartbeat(second, { id: 'b', withRedis: false, now })).toThrow(SeveralInstancesWithoutRedis);
		expect(() => startHeartbeat(second, { id: 'b', withRedis: false, now })).toThrow(
			/REDIS_URL is required when more than one instance runs.*"a" \(host other-host, pid 4242/
		);
		// With Redis on its side only, still no: the first one would not hear from it.
		expect(() => startHeartbeat(second, { id: 'b', withRedis: true, now })).toThrow(/without REDIS_URL/);
		running.stop();
		expect(first.select().from(instances).all()).toEqual([]);
	});

	it('a second process with the INSTANCE_ID of a running one refuses to start, with or without Redis', () => {
		const running = startHeartbeat(first, { id: 'a', withRedis: false, ...elsewhere });
		expect(() => startHeartbeat(second, { id: 'a', withRedis: false, now })).toThrow(InstanceIdInUse);
		expect(() => startHeartbeat(second, { id: 'a', withRedis: true, now })).toThrow(
			/INSTANCE_ID "a" is in use by a running instance \(host other-host, pid 4242\)/
		);
		running.stop();
		// Once it is gone, the name is free again.
		startHeartbeat(second, { id: 'a', withRedis: false, now }).stop();
	});

	it('instances that all have REDIS_URL run side by side', () => {
		const a = startHeartbeat(first, { id: 'a', withRedis: true, ...elsewhere });
		const b = startHeartbeat(second, { id: 'b', withRedis: true, now });
		expect(
			first
				.select()
				.from(instances)
				.all()
				.map((i) => i.id)
				.sort()
		).toEqual(['a', 'b']);
		a.stop();
		b.stop();
	});

	it('an instance gone without a word (kill -9) no longer counts once its beats are missing, or at once on its own host', () => {
		startHeartbeat(first, { id: 'crashed-elsewhere', withRedis: false, ...elsewhere });
		clock += HEARTBEAT_MS;
		expect(() => startHeartbeat(second, { id: 'b', withRedis: false, now })).toThrow(SeveralInstancesWithoutRedis);
		clock += STALE_MS;
		const b = startHeartbeat(second, { id: 'b', withRedis: false, now });
		b.stop();

		// Fresh, but of this host and its process is gone: a restart right after a crash is not refused.
		startHeartbeat(first, { id: 'crashed-here', withRedis: false, pid: 4243, now, alive: () => false });
		const c = startHeartbeat(second, { id: 'c', withRedis: false, now, alive: () => false });
		c.stop();
	});

	it('a restart under the same INSTANCE_ID, its process gone, takes its row over', () => {
		startHeartbeat(first, { id: 'same', withRedis: false, pid: 4242, now });
		const again = startHeartbeat(second, { id: 'same', withRedis: false, pid: 99, now, alive: (pid) => pid !== 4242 });
		expect(
			first
				.select()
				.from(instances)
				.all()
				.filter((i) => i.id === 'same')
		).toMatchObject([{ pid: 99 }]);
		again.stop();
	});
});
