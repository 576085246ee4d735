import { describe, expect, it } from 'vitest';
import { instanceId, shutdownDrainMs } from './instance';

describe('instanceId', () => {
	it('is INSTANCE_ID when set, else host and process id', () => {
		expect(instanceId({ INSTANCE_ID: ' web-2 ' })).toBe('web-2');
		expect(instanceId({})).toMatch(new RegExp(`-${process.pid}$`));
	});

	it('refuses a name that would not read plainly in logs and answers', () => {
		expect(() => instanceId({ INSTANCE_ID: 'web 2' })).toThrow('INSTANCE_ID');
		expect(() => instanceId({ INSTANCE_ID: 'x'.repeat(101) })).toThrow('INSTANCE_ID');
	});
});

describe('shutdownDrainMs', () => {
	it('waits for a balancer only when there are several instances', () => {
		expect(shutdownDrainMs({})).toBe(0);
		expect(shutdownDrainMs({ REDIS_URL: 'redis://127.0.0.1:6379' })).toBe(3000);
		expect(shutdownDrainMs({ REDIS_URL: 'redis://127.0.0.1:6379', SHUTDOWN_DRAIN_MS: '0' })).toBe(0);
		expect(shutdownDrainMs({ SHUTDOWN_DRAIN_MS: '10000' })).toBe(10000);
	});

	it('refuses what is not a whole number of milliseconds up to a minute', () => {
		for (const raw of ['-1', '1.5', 'soon', '60001']) expect(() => shutdownDrainMs({ SHUTDOWN_DRAIN_MS: raw })).toThrow('SHUTDOWN_DRAIN_MS');
	});
});
