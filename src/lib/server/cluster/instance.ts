import { hostname } from 'node:os';

/**
 * This instance's name in logs, readiness answers and the heartbeat table: INSTANCE_ID when set
 * (the cluster script numbers its instances), else host and process id, unique on one machine
 * and telling on several.
 */
export function instanceId(env: NodeJS.ProcessEnv = process.env): string {
	const given = env.INSTANCE_ID?.trim();
	if (given) {
		if (given.length > 100 || !/^[\w.:-]+$/.test(given)) throw new Error(`INSTANCE_ID must be up to 100 letters, digits, ".", ":", "_" or "-", not "${given}"`);
		return given;
	}
	return `${hostname()}-${process.pid}`;
}

/** The longest drain accepted: a balancer that needs more than a minute to notice is misconfigured. */
const MAX_DRAIN_MS = 60_000;

/**
 * How long an instance stays up, not ready, after SIGTERM before it stops accepting: long enough
 * for a balancer that polls /readyz to take it out. A single instance (no REDIS_URL) has no
 * balancer to wait for: 0. Several: 3 s, one or two polls of a typical health check.
 */
export function shutdownDrainMs(env: NodeJS.ProcessEnv = process.env): number {
	const raw = env.SHUTDOWN_DRAIN_MS?.trim();
	if (!raw) return env.REDIS_URL?.trim() ? 3000 : 0;
	const ms = Number(raw);
	if (!/^\d+$/.test(raw) || ms > MAX_DRAIN_MS) throw new Error(`SHUTDOWN_DRAIN_MS must be a whole number of milliseconds up to ${MAX_DRAIN_MS}, not "${raw}"`);
	return ms;
}
