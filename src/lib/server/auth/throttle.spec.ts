import { describe, expect, it } from 'vitest';
import { SignInThrottle } from './throttle';

describe('SignInThrottle', () => {
	const minute = 60_000;

	it('lets a key try until it reaches the limit inside the window', () => {
		const throttle = new SignInThrottle({ maxFailures: 3, windowMs: 10 * minute });
		const t0 = 1_000_000;
		throttle.recordFailure('k', t0);
		throttle.recordFailure('k', t0 + minute);
		expect(throttle.blockedUntil('k', t0 + 2 * minute)).toBeNull();
		throttle.recordFailure('k', t0 + 2 * minute);
		// Blocked until the oldest of the last three failures leaves the window.
		expect(throttle.blockedUntil('k', t0 + 3 * minute)?.getTime()).toBe(t0 + 10 * minute);
	});

	it('forgets failures that left the window', () => {
		const throttle = new SignInThrottle({ maxFailures: 2, windowMs: 5 * minute });
		throttle.recordFailure('k', 0);
		throttle.recordFailure('k', minute);
		expect(throttle.blockedUntil('k', 2 * minute)).not.toBeNull();
		expect(throttle.blockedUntil('k', 6 * minute + 1)).toBeNull();
	});

	it('keeps keys apart and resets on success', () => {
		const throttle = new SignInThrottle({ maxFailures: 1, windowMs: minute });
		throttle.recordFailure('a', 0);
		expect(throttle.blockedUntil('a', 1)).not.toBeNull();
		expect(throttle.blockedUntil('b', 1)).toBeNull();
		throttle.reset('a');
		expect(throttle.blockedUntil('a', 2)).toBeNull();
	});
});
