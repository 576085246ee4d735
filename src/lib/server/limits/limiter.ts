import { RateLimiterRes } from 'rate-limiter-flexible';
import { counterOf } from './store';
import type { LimitName } from './table';

/** A limit said no: which one, and from when the key may try again. */
export interface Refusal {
	limit: LimitName;
	retryAt: Date;
}

/** One limit and the key an attempt is counted under. */
export type Gate = readonly [limit: LimitName, key: string];

/**
 * An attempt counted against its limits before the work it guards, so a burst of parallel
 * requests cannot all pass a check that is only updated afterwards.
 */
export interface Attempt {
	/** Null when every limit let it through. */
	readonly refusal: Refusal | null;
	/** The attempt was not what the limits are about (a right password, a right code): it does not count. */
	succeeded(): Promise<void>;
	/** The attempt turned out not to be what one of its limits counts (feedback that was not stored): it does not count there. */
	release(limit: LimitName): Promise<void>;
}

function refusalOf(limit: LimitName, res: RateLimiterRes, now: number): Refusal {
	return { limit, retryAt: new Date(now + Math.max(res.msBeforeNext, 1000)) };
}

/** Counts one attempt under `key`; a refusal says when the key may try again. */
async function take(limit: LimitName, key: string): Promise<Refusal | null> {
	try {
		await counterOf(limit).consume(key);
		return null;
	} catch (rejection) {
		// A store that fails rejects with an Error; only a RateLimiterRes means "over the limit".
		if (rejection instanceof RateLimiterRes) return refusalOf(limit, rejection, Date.now());
		throw rejection;
	}
}

/** Takes back one attempt counted under `key`. */
export async function giveBack(limit: LimitName, key: string): Promise<void> {
	await counterOf(limit).reward(key);
}

/** Forgets everything counted under `key` (a refusal in force included). */
export async function forget(limit: LimitName, key: string): Promise<void> {
	await counterOf(limit).delete(key);
}

/** Counts one attempt under `key` without refusing anything: for limits that only observe. */
export async function count(limit: LimitName, key: string): Promise<void> {
	await take(limit, key);
}

/** Whether `key` went over its limit and is still refused, without counting anything. */
export async function isOver(limit: LimitName, key: string): Promise<boolean> {
	const counter = counterOf(limit);
	const res = await counter.get(key);
	return res !== null && res.consumedPoints > counter.points;
}

/**
 * Counts one attempt against several limits at once. If any refuses, the others give their
 * count back (a refused attempt costs no other allowance), and the refusal names the latest
 * time any of them allows again, so trying then is not refused by another.
 */
export async function attempt(gates: readonly Gate[]): Promise<Attempt> {
	const outcomes = await Promise.all(gates.map(([limit, key]) => take(limit, key)));
	const refusals = outcomes.filter((r): r is Refusal => r !== null);
	if (refusals.length > 0) {
		await Promise.all(gates.filter((_, i) => outcomes[i] === null).map(([limit, key]) => giveBack(limit, key)));
		const latest = refusals.reduce((a, b) => (b.retryAt > a.retryAt ? b : a));
		return { refusal: latest, succeeded: async () => {}, release: async () => {} };
	}
	// Each gate gives its count back at most once, however often it is asked to.
	let counted = [...gates];
	const giveBackWhere = async (which: (limit: LimitName) => boolean) => {
		const given = counted.filter(([limit]) => which(limit));
		counted = counted.filter(([limit]) => !which(limit));
		await Promise.all(given.map(([limit, key]) => giveBack(limit, key)));
	};
	return {
		refusal: null,
		succeeded: () => giveBackWhere(() => true),
		release: (limit) => giveBackWhere((l) => l === limit)
	};
}

/** A limit refused the attempt a form was about to make; the form answers 429 and says when to try again. */
export class LimitReached extends Error {
	constructor(readonly refusal: Refusal) {
		super(`limit ${refusal.limit} reached until ${refusal.retryAt.toISOString()}`);
	}
}

/** Stops here when the attempt was refused. */
export function enforce(counted: Attempt): void {
	if (counted.refusal) throw new LimitReached(counted.refusal);
}
