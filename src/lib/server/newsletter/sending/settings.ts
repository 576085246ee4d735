/**
 * How fast and how stubbornly digests go out. The two rates have environment variables (README
 * "Configuration"): a municipal relay often allows a few mails a second and a few thousand an
 * hour. 0 means unlimited. The rest are fixed here and overridden by tests.
 */
export interface SendSettings {
	perSecond: number;
	/** Counted from the deliveries' `sent_at` over the last hour, so a restart respects it. */
	perHour: number;
	/** Mails handed to the relay at once (the pooled transport's connections). */
	concurrency: number;
	/** Deliveries claimed (marked `sending`) per checkpoint: the most a crash can send twice. */
	batchSize: number;
	/** Attempts of a temporarily failing delivery before it counts as failed for good. */
	maxAttempts: number;
	retryBaseMs: number;
	retryMaxMs: number;
	/** Failures in a row after which the send pauses itself (the relay is down or refuses us). */
	pauseAfterFailures: number;
	/** Permanent failures (one per send at most) after which an address is bouncing and skipped. */
	bouncingAfter: number;
	/** How long one job runs before it hands over to a fresh one (the runner's slots stay free). */
	sliceMs: number;
}

export const SEND_DEFAULTS: SendSettings = {
	perSecond: 10,
	perHour: 3000,
	concurrency: 4,
	batchSize: 50,
	maxAttempts: 5,
	retryBaseMs: 60_000,
	retryMaxMs: 3_600_000,
	pauseAfterFailures: 10,
	bouncingAfter: 3,
	sliceMs: 20_000
};

function rate(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const raw = env[name]?.trim();
	if (!raw) return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0 (0: unlimited), not "${raw}"`);
	return value;
}

export function sendSettings(env: NodeJS.ProcessEnv = process.env): SendSettings {
	return {
		...SEND_DEFAULTS,
		perSecond: rate(env, 'NEWSLETTER_RATE_PER_SECOND', SEND_DEFAULTS.perSecond),
		perHour: rate(env, 'NEWSLETTER_RATE_PER_HOUR', SEND_DEFAULTS.perHour)
	};
}
