/**
 * Sign-in throttling: a sliding window of failures per key (account e-mail, client address).
 * In memory on purpose: one process serves the app, and a restart forgetting failures is the
 * lesser risk compared with locking the office out through a stale table.
 */
export interface ThrottleRule {
	maxFailures: number;
	windowMs: number;
}

export class SignInThrottle {
	private failures = new Map<string, number[]>();

	constructor(private rule: ThrottleRule) {}

	/** When the key may try again, or null if it may try now. */
	blockedUntil(key: string, now = Date.now()): Date | null {
		const recent = this.recent(key, now);
		if (recent.length < this.rule.maxFailures) return null;
		return new Date(recent[recent.length - this.rule.maxFailures] + this.rule.windowMs);
	}

	recordFailure(key: string, now = Date.now()): void {
		const recent = this.recent(key, now);
		recent.push(now);
		this.failures.set(key, recent);
	}

	/** Takes back the most recent attempt (it turned out to be a success). */
	forgiveLast(key: string): void {
		this.failures.get(key)?.pop();
	}

	reset(key: string): void {
		this.failures.delete(key);
	}

	private recent(key: string, now: number): number[] {
		const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.rule.windowMs);
		if (list.length === 0) this.failures.delete(key);
		return list;
	}
}

/** 5 wrong passwords for one account, or 20 from one address, within 15 minutes. */
export const accountThrottle = new SignInThrottle({ maxFailures: 5, windowMs: 15 * 60 * 1000 });
export const addressThrottle = new SignInThrottle({ maxFailures: 20, windowMs: 15 * 60 * 1000 });
