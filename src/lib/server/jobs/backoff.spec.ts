import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff';
import { jobRunnerSettings, JOB_RUNNER_DEFAULTS } from './config';

describe('retryDelay', () => {
	it('doubles each time, jitter in the last quarter, so every wait is longer than the one before', () => {
		for (let attempts = 1; attempts < 8; attempts++) {
			const longestNow = retryDelay(attempts, 1_000, 1e9, () => 1);
			const shortestNext = retryDelay(attempts + 1, 1_000, 1e9, () => 0);
			expect(shortestNext).toBeGreaterThan(longestNow);
		}
		expect(retryDelay(1, 1_000, 1e9, () => 0)).toBe(750);
		expect(retryDelay(3, 1_000, 1e9, () => 1)).toBe(4_000);
	});

	it('never waits longer than the cap', () => {
		expect(retryDelay(40, 10_000, 3_600_000, () => 1)).toBe(3_600_000);
	});
});

describe('jobRunnerSettings', () => {
	it('reads the environment and refuses what is not a positive whole number', () => {
		expect(jobRunnerSettings({})).toEqual(JOB_RUNNER_DEFAULTS);
		expect(jobRunnerSettings({ JOBS_CONCURRENCY: '4' }).concurrency).toBe(4);
		expect(() => jobRunnerSettings({ JOBS_CONCURRENCY: '0' })).toThrow(/JOBS_CONCURRENCY/);
		expect(() => jobRunnerSettings({ JOBS_POLL_MS: 'soon' })).toThrow(/JOBS_POLL_MS/);
	});
});
