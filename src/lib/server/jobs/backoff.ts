/**
 * The wait before attempt `attempts + 1`, after `attempts` failed runs: exponential, capped, with
 * jitter so that jobs failing together (a mail server down) do not come back together. The jitter
 * takes the last quarter of each step, so every wait is longer than the one before it.
 */
export function retryDelay(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
	const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
	return Math.round(step * (0.75 + 0.25 * random()));
}
