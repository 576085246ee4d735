import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { CounterStore } from './store';

/**
 * Counters every instance shares, in Redis under `prefix` (`<prefix>limits:<limit>:<key>`): five
 * wrong passwords lock the pair of account and address however the balancer spread them.
 *
 * While Redis cannot be reached, each instance counts in its own memory instead (the insurance
 * limiter, with the same numbers). Neither other way is better for any limit in the table:
 * refusing everything would lock every person out of sign-in, check-in, feedback and the
 * newsletter for as long as Redis is away, which turns a Redis outage into a full outage and
 * an attacker's way to cause one; counting nothing would give password guessing free rein
 * exactly then. Counting per instance at worst multiplies an allowance by the number of
 * instances for the length of the outage, which keeps every limit's purpose (guesses stay in
 * the tens per quarter hour, not millions). When Redis is back, its counts apply again; what
 * was counted in memory meanwhile is not carried over.
 */
export function redisStore(redis: Redis, prefix: string): CounterStore {
	return (options) =>
		new RateLimiterRedis({
			storeClient: redis,
			...options,
			keyPrefix: `${prefix}limits:${options.keyPrefix}`,
			// Not ready (connecting, reconnecting): count in memory at once instead of waiting on a queue.
			rejectIfRedisNotReady: true,
			insuranceLimiter: new RateLimiterMemory(options)
		});
}
