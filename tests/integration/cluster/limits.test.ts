// No database: the sign-in counters live in Redis.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../../src/lib/server/cluster/redis';
import { redisStore } from '../../../src/lib/server/limits/redisStore';
import { signInAttempt } from '../../../src/lib/server/limits/signIn';
import { memoryStore, useStore } from '../../../src/lib/server/limits/store';
import { LIMITS } from '../../../src/lib/server/limits/table';
import { freePort } from '../support/ports';
import { testRedis } from '../support/redis';

/**
 * Sign-in throttling shared through Redis: two instances are two stores on two connections. Each
 * switch builds the counters afresh (useStore), so whatever is counted in one process's memory
 * is gone at the next attempt; only what Redis holds can add up.
 */
const { url, prefix } = testRedis();
const settings = { url, prefix };
const first = connectRedis(settings, 'instance-1');
const second = connectRedis(settings, 'instance-2');

// A connection not ready yet would count in memory (see redisStore): both are ready first.
beforeAll(() => Promise.all([first, second].map((r) => (r.status === 'ready' ? Promise.resolve() : new Promise((resolve) => r.once('ready', resolve))))));
afterEach(() => useStore(memoryStore));
afterAll(async () => {
	const keys = await first.keys(`${prefix}*`);
	if (keys.length) await first.del(...keys);
	first.disconnect();
	second.disconnect();
});

async function wrongPassword(email: string, address: string) {
	const counted = await signInAttempt(email, address, null);
	if (!counted.refusal) await counted.failed();
	return counted.refusal;
}

describe('limits shared by several instances', () => {
	it('five wrong passwords spread over two instances lock the account at that address', async () => {
		const email = 'lena@example.org';
		const points = LIMITS['signIn.pair'].points;
		for (let i = 0; i < points; i++) {
			useStore(redisStore(i % 2 ? second : first, prefix));
			expect(await wrongPassword(email, '192.0.2.7')).toBeNull();
		}
		for (const instance of [first, second]) {
			useStore(redisStore(instance, prefix));
			expect((await signInAttempt(email, '192.0.2.7', null)).refusal?.limit).toBe('signIn.pair');
		}
		// Another address is not locked out with it.
		expect((await signInAttempt(email, '198.51.100.9', null)).refusal).toBeNull();
		// Every key it wrote carries the installation's prefix.
		const keys = await first.keys('*signIn.pair*');
		expect(keys.length).toBeGreaterThan(0);
		for (const key of keys.filter((k) => k.includes('lena@example.org'))) expect(key.startsWith(`${prefix}limits:`)).toBe(true);
	});

	it('while Redis cannot be reached, each instance still counts in its own memory: sign-in is limited, not open and not closed', async () => {
		const unreachable = connectRedis({ url: `redis://127.0.0.1:${await freePort()}`, prefix }, 'unreachable', { lazyConnect: false });
		unreachable.on('error', () => {});
		try {
			useStore(redisStore(unreachable, prefix));
			const email = 'otto@example.org';
			for (let i = 0; i < LIMITS['signIn.pair'].points; i++) expect(await wrongPassword(email, '192.0.2.8')).toBeNull();
			expect((await signInAttempt(email, '192.0.2.8', null)).refusal?.limit).toBe('signIn.pair');
		} finally {
			unreachable.disconnect();
		}
	});
});
