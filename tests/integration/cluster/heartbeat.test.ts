import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/lib/server/db';
import { instances } from '../../../src/lib/server/db/schema';
import { HEARTBEAT_MS, SeveralInstancesWithoutRedis, STALE_MS, startHeartbeat } from '../../../src/lib/server/cluster/heartbeat';
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

	it('a restart under the same INSTANCE_ID takes its row over', () => {
		startHeartbeat(first, { id: 'same', withRedis: false, ...elsewhere });
		const again = startHeartbeat(second, { id: 'same', withRedis: false, pid: 99, now });
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
