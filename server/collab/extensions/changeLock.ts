import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Report } from '../extension';

export interface ChangeLockOptions {
	/** How long a lock holds if its holder never releases it (it crashed): far above a change's few milliseconds. */
	holdMs: number;
	/** How long a change waits for another instance's before it fails. */
	waitMs: number;
	/** How often a waiting change asks again. */
	retryMs: number;
}

// Deletes the lock only if it is still ours: one that expired and was taken by another stays theirs.
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Server changes of one document, one at a time across instances. A command reads the document
 * and then changes it ("next speaker": who is first on the list): run on two instances at once,
 * both would read the same list. Within one instance the change is synchronous; across instances
 * it runs under a short Redis lock per document (SET NX PX), and the core catches its copy up
 * from the store before the command reads it, so it sees every change made under an earlier lock.
 *
 * Changes of one instance queue here first, so they do not poll Redis against each other.
 *
 * When Redis cannot be reached the change runs without the lock (counted as `unavailable`): an
 * instance keeps serving its own clients, and two commands racing on two instances during an
 * outage is the lesser harm than refusing every command. A lock that expires while its holder
 * still works (a process stalled for `holdMs`) no longer excludes anyone; `holdMs` is chosen far
 * above a change, which is synchronous and stored within a tick.
 */
export class ChangeLock {
	private readonly queues = new Map<string, Promise<void>>();

	constructor(
		private readonly redis: Redis,
		private readonly keyOf: (docName: string) => string,
		private readonly options: ChangeLockOptions,
		private readonly report: () => Report
	) {}

	run(docName: string, change: () => Promise<void>): Promise<void> {
		const before = this.queues.get(docName) ?? Promise.resolve();
		const result = before.then(() => this.locked(docName, change));
		const tail = result.then(
			() => undefined,
			() => undefined
		);
		this.queues.set(docName, tail);
		void tail.then(() => {
			if (this.queues.get(docName) === tail) this.queues.delete(docName);
		});
		return result;
	}

	private async locked(docName: string, change: () => Promise<void>): Promise<void> {
		const key = this.keyOf(docName);
		const token = randomBytes(12).toString('base64');
		const acquired = await this.acquire(key, token);
		if (acquired === 'unavailable') return change();
		try {
			await change();
		} finally {
			await this.redis.eval(RELEASE, 1, key, token).catch(() => {
				// Unreachable now: the lock expires after holdMs by itself.
			});
		}
	}

	private async acquire(key: string, token: string): Promise<'free' | 'waited' | 'unavailable'> {
		const started = performance.now();
		for (let attempt = 0; ; attempt++) {
			let answer: string | null;
			try {
				answer = await this.redis.set(key, token, 'PX', this.options.holdMs, 'NX');
			} catch {
				this.report()({ type: 'changeLock', outcome: 'unavailable' });
				return 'unavailable';
			}
			if (answer === 'OK') {
				const outcome = attempt === 0 ? 'free' : 'waited';
				this.report()({ type: 'changeLock', outcome });
				return outcome;
			}
			if (performance.now() - started >= this.options.waitMs) throw new Error(`document ${key} is being changed by another instance for too long`);
			await new Promise((resolve) => setTimeout(resolve, this.options.retryMs));
		}
	}
}
