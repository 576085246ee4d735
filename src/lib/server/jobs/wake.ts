/**
 * Tells the runner of this process that a job was just enqueued, so it claims it at once instead
 * of at its next poll. The app (SvelteKit bundle) and the runner (server bundle) each carry a copy
 * of this module: the listener lives in one process-wide slot.
 */
const slot = Symbol.for('ratschlag.jobs.wake');
const g = globalThis as unknown as Record<symbol, (() => void) | undefined>;

export function onJobEnqueued(listener: (() => void) | undefined): void {
	g[slot] = listener;
}

/** Called inside the enqueuing transaction: the runner looks only once that has ended. */
export function jobEnqueued(): void {
	const listener = g[slot];
	if (listener) setImmediate(listener);
}
