import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { attempt, forget, isOver } from './limiter';
import { counterOf, memoryStore, useStore } from './store';
import { LIMITS } from './table';

// Each test uses keys of its own; the counters are the process's, as in the server.
let n = 0;
const fresh = () => `spec-${++n}`;

afterEach(() => useStore(memoryStore));

describe('attempt', () => {
	it('lets a key through up to its points, then refuses it until its block ends', async () => {
		const key = fresh();
		for (let i = 0; i < LIMITS['checkIn.person'].points; i++) expect((await attempt([['checkIn.person', key]])).refusal).toBeNull();
		const before = Date.now();
		const refused = await attempt([['checkIn.person', key]]);
		expect(refused.refusal?.limit).toBe('checkIn.person');
		expect(refused.refusal!.retryAt.getTime()).toBeGreaterThanOrEqual(before + LIMITS['checkIn.person'].blockDuration * 1000 - 1000);
		expect(await isOver('checkIn.person', key)).toBe(true);
		await forget('checkIn.person', key);
		expect((await attempt([['checkIn.person', key]])).refusal).toBeNull();
	});

	it('does not count an attempt that succeeded, and gives back only once', async () => {
		const key = fresh();
		for (let i = 0; i < 50; i++) {
			const counted = await attempt([['checkIn.person', key]]);
			expect(counted.refusal).toBeNull();
			await counted.succeeded();
			await counted.succeeded();
		}
		expect((await counterOf('checkIn.person').get(key))?.consumedPoints).toBe(0);
	});

	it('a refusal by one limit costs nothing of the others, and names the latest time any of them allows again', async () => {
		const person = fresh();
		const address = fresh();
		// The address is refused for an hour (feedback.address blocks for an hour) ...
		for (let i = 0; i <= LIMITS['feedback.address'].points; i++) await attempt([['feedback.address', address]]);
		// ... so an attempt under both limits is refused, with the address's later time ...
		const both = await attempt([
			['checkIn.person', person],
			['feedback.address', address]
		]);
		expect(both.refusal?.limit).toBe('feedback.address');
		expect(both.refusal!.retryAt.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
		// ... and the person's count is given back.
		expect((await counterOf('checkIn.person').get(person))?.consumedPoints).toBe(0);
	});

	it('an attempt released from one limit stops counting there only, and nothing is given back twice', async () => {
		const address = fresh();
		const target = fresh();
		const consumed = async (limit: 'feedback.address' | 'feedback.target', key: string) => (await counterOf(limit).get(key))?.consumedPoints;
		const counted = await attempt([
			['feedback.address', address],
			['feedback.target', target]
		]);
		await counted.release('feedback.target');
		await counted.release('feedback.target');
		expect(await consumed('feedback.target', target)).toBe(0);
		expect(await consumed('feedback.address', address)).toBe(1);
		await counted.succeeded();
		await counted.succeeded();
		expect(await consumed('feedback.address', address)).toBe(0);
		expect(await consumed('feedback.target', target)).toBe(0);
	});

	it('counts parallel attempts one by one: a burst cannot pass together', async () => {
		const key = fresh();
		const burst = await Promise.all(Array.from({ length: 25 }, () => attempt([['checkIn.person', key]])));
		expect(burst.filter((a) => a.refusal === null)).toHaveLength(LIMITS['checkIn.person'].points);
	});
});

describe('the store', () => {
	it('is chosen in one place: every counter comes from it', async () => {
		const made: string[] = [];
		useStore((options) => {
			made.push(options.keyPrefix);
			return new RateLimiterMemory({ ...options, points: 1 });
		});
		const key = fresh();
		expect((await attempt([['feedback.target', key]])).refusal).toBeNull();
		expect((await attempt([['feedback.target', key]])).refusal?.limit).toBe('feedback.target');
		expect(made).toEqual(['feedback.target']);
	});

	it('a store that fails is a fault, never a refusal', async () => {
		useStore((options) => {
			const broken = new RateLimiterMemory(options);
			broken.consume = () => Promise.reject(new Error('store unreachable'));
			return broken;
		});
		await expect(attempt([['feedback.target', fresh()]])).rejects.toThrow('store unreachable');
	});
});

describe('the table', () => {
	it('gives every limit its numbers and its reason', () => {
		for (const [name, rule] of Object.entries(LIMITS)) {
			expect(rule.points, name).toBeGreaterThan(0);
			expect(rule.duration, name).toBeGreaterThan(0);
			expect(rule.blockDuration, name).toBeGreaterThanOrEqual(0);
			expect(rule.why.length, name).toBeGreaterThan(40);
		}
	});
});
