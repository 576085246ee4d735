import { Redis, type RedisOptions } from 'ioredis';

/**
 * Redis connects the instances of one installation (documents, presence, rights changes,
 * sign-in throttling). `REDIS_URL` names it; without it this process is the only instance and
 * nothing here is opened. `REDIS_PREFIX` keeps installations (or test files) sharing one Redis apart.
 */
export interface RedisSettings {
	url: string;
	prefix: string;
}

export function redisSettings(env: NodeJS.ProcessEnv = process.env): RedisSettings | null {
	const url = env.REDIS_URL?.trim();
	if (!url) return null;
	if (!/^rediss?:\/\//.test(url)) throw new Error(`REDIS_URL must be a redis:// or rediss:// URL, not "${url}"`);
	return { url, prefix: env.REDIS_PREFIX?.trim() || 'ratschlag:' };
}

/**
 * A new connection. Each subscriber needs one of its own (a subscribed connection can do nothing
 * else); commands share `sharedRedis`. By default a command fails at once while disconnected
 * instead of waiting in a queue, so every caller needs a fallback or reports the failure. The
 * shared connection queues while it reconnects (a limit checked during a blip still counts in
 * Redis), bounded by `maxRetriesPerRequest`: a queued command fails after one failed reconnect,
 * and the limits' in-memory insurance takes over.
 */
export function connectRedis(settings: RedisSettings, name: string, options: RedisOptions = {}): Redis {
	return new Redis(settings.url, {
		connectionName: `ratschlag:${name}`,
		enableOfflineQueue: false,
		maxRetriesPerRequest: 1,
		// Reconnect soon, then at most every 2 s: a short Redis restart must not leave instances apart.
		retryStrategy: (times) => Math.min(100 * times, 2000),
		...options
	});
}

// The SvelteKit bundle and the production entry each carry a copy of this module; one slot per process.
const slot = Symbol.for('ratschlag.redis');
const g = globalThis as unknown as Record<symbol, { url: string; redis: Redis } | undefined>;

/** This process's command connection, or null when REDIS_URL is not set. */
export function sharedRedis(env: NodeJS.ProcessEnv = process.env): Redis | null {
	const settings = redisSettings(env);
	if (!settings) return null;
	const current = g[slot];
	if (current && current.url === settings.url) return current.redis;
	const redis = connectRedis(settings, 'commands', { enableOfflineQueue: true });
	g[slot] = { url: settings.url, redis };
	return redis;
}

export async function closeSharedRedis(): Promise<void> {
	const current = g[slot];
	g[slot] = undefined;
	await current?.redis.quit().catch(() => current.redis.disconnect());
}
