import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { LIMITS, type LimitName } from './table';

export interface CounterOptions {
	/** Keeps the limits apart in a shared store. */
	keyPrefix: string;
	points: number;
	duration: number;
	blockDuration: number;
}

/** Builds the counter of one limit in some store: memory now, Redis or PostgreSQL for several processes. */
export type CounterStore = (options: CounterOptions) => RateLimiterAbstract;

/**
 * One process serves the app, so counters live in its memory: nothing to set up, and a restart
 * forgetting them is the lesser risk than locking people out through a stale table.
 */
export const memoryStore: CounterStore = (options) => new RateLimiterMemory(options);

// The production entry (server/index.ts) is bundled apart from the SvelteKit app: a store it
// chooses at start-up must reach the app's copy of this module. One process-wide slot gives
// every copy the same store and the same counters.
interface Slot {
	store: CounterStore;
	counters: Map<LimitName, RateLimiterAbstract>;
}
const slotKey = Symbol.for('ratschlag.limits');
const g = globalThis as unknown as Record<symbol, Slot | undefined>;
const slot = (): Slot => (g[slotKey] ??= { store: memoryStore, counters: new Map() });

/**
 * The one place the store is chosen. Call it at start-up, before the first request: when the
 * app runs in several processes, pass a store they share, e.g.
 * `useStore((o) => new RateLimiterRedis({ storeClient: redis, ...o }))`. Callers do not change.
 */
export function useStore(store: CounterStore): void {
	const current = slot();
	current.store = store;
	current.counters.clear();
}

/** The counter of a named limit, built from its row in the table on first use. */
export function counterOf(name: LimitName): RateLimiterAbstract {
	const { store, counters } = slot();
	let counter = counters.get(name);
	if (!counter) {
		const { points, duration, blockDuration } = LIMITS[name];
		counter = store({ keyPrefix: name, points, duration, blockDuration });
		counters.set(name, counter);
	}
	return counter;
}
