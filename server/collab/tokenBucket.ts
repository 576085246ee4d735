/** What one connection may do: `burst` at once, then `perSecond` (presence changes, answers to requests). */
export class TokenBucket {
	private tokens: number;

	constructor(
		private readonly perSecond: number,
		private readonly burst: number,
		private last: number
	) {
		this.tokens = burst;
	}

	take(now: number): boolean {
		this.refill(now);
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}

	/** Milliseconds until `take` succeeds. */
	wait(now: number): number {
		this.refill(now);
		return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
	}

	private refill(now: number): void {
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
		this.last = now;
	}
}
