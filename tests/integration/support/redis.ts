import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/**
 * The run's private Redis and a key/channel prefix of this test's own: test files run in
 * parallel against one server, and nothing one publishes may reach another.
 */
export function testRedis(): { url: string; prefix: string } {
	return { url: inject('redisUrl'), prefix: `t${randomBytes(4).toString('hex')}:` };
}
