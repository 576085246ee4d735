import { AsyncResource } from 'node:async_hooks';

/**
 * Tells the runner of this process that a job was just enqueued, so it claims it at once instead
 * of at its next poll. The app (SvelteKit bundle) and the runner (server bundle) each carry a copy
 * of this module: the listener lives in one process-wide slot.
 */
const slot = Symbol.for('ratschlag.jobs.wake');
const g = globalThis as unknown as Record<symbol, (() => void) | undefined>;

/**
 * The listener runs in the async context it was registered in (the runner's), never in that of
 * whoever enqueued: woken from inside a transaction's context, the runner's claim would count as a
 * statement of that transaction and be refused by the data layer.
 */
export function onJobEnqueued(listener: (() => void) | undefined): void {
	g[slot] = listener && AsyncResource.bind(listener);
}

/** Called once the job is committed (enqueueIn.ts, effects/transactOn.ts). */
export function jobEnqueued(): void {
	const listener = g[slot];
	if (listener) setImmediate(listener);
}
