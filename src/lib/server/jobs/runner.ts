import type { Data } from '../db/client';
import { newId } from '../ids';
import { retryDelay } from './backoff';
import { JOB_RUNNER_DEFAULTS, type JobRunnerSettings } from './config';
import { JOB_HANDLERS } from './kinds';
import { jobStore, type ClaimedJob } from './store';
import { PermanentJobError, type JobContext, type JobHandler } from './types';
import { onJobEnqueued } from './wake';

export interface JobRunnerOptions extends Partial<JobRunnerSettings> {
	/** Tests run their own handlers; default the registry. */
	handlers?: Record<string, JobHandler<unknown>>;
	random?: () => number;
}

export interface JobRunner {
	readonly owner: string;
	/** Resolves once every running job finished, or the grace ran out and the rest went back to the queue. */
	stop(graceMs?: number): Promise<void>;
	/** Jobs this runner is running right now. */
	running(): number;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message || error.name : String(error));

/**
 * Runs due jobs in this process, up to `concurrency` at a time. It claims when a job is enqueued
 * here (wake.ts), when a retry falls due, and otherwise every `pollMs` (jobs of other processes,
 * leases that ran out). A handler runs outside any transaction; its lease is renewed while it runs.
 * The claims, leases and outcomes go through `data` (store.ts), so runners of several instances
 * share one queue and each job runs on one of them.
 */
export function startJobRunner(data: Data, options: JobRunnerOptions = {}): JobRunner {
	const settings = { ...JOB_RUNNER_DEFAULTS, ...options };
	const handlers = options.handlers ?? (JOB_HANDLERS as unknown as Record<string, JobHandler<unknown>>);
	const random = options.random ?? Math.random;
	const store = jobStore(data);
	const owner = `${process.pid}-${newId()}`;
	const inFlight = new Map<string, { done: Promise<void>; abort: AbortController }>();
	let stopping = false;
	let timer: NodeJS.Timeout | undefined;
	// One claim loop at a time: slots are counted before each claim, and the claims are awaited. A
	// wake while it runs makes it look once more, since the job may have come after its last claim.
	let pumping: Promise<void> | undefined;
	let again = false;

	async function schedule(claimFailed: boolean) {
		// All slots busy: a finishing job pumps again (see claimAll); until then only the poll, or a
		// due job would spin this timer every millisecond. After a failed claim, wait a poll too.
		let next: number | null = null;
		if (inFlight.size < settings.concurrency && !claimFailed) {
			try {
				next = await store.nextDue();
			} catch (error) {
				console.error('jobs: looking for the next due job failed', error);
			}
		}
		if (stopping) return;
		const wait = next === null ? settings.pollMs : Math.max(0, Math.min(settings.pollMs, next - Date.now()));
		clearTimeout(timer);
		timer = setTimeout(pump, wait);
		timer.unref();
	}

	function pump() {
		if (stopping) return;
		if (pumping) {
			again = true;
			return;
		}
		pumping = (async () => {
			do {
				again = false;
				await schedule(!(await claimAll()));
			} while (again && !stopping);
		})().finally(() => (pumping = undefined));
	}

	/** Claims and starts jobs while slots are free; false when claiming failed. */
	async function claimAll(): Promise<boolean> {
		try {
			while (!stopping && inFlight.size < settings.concurrency) {
				const job = await store.claim(owner, Date.now(), settings.leaseMs);
				if (!job) break;
				// Started even when a stop began meanwhile: stop() waits for this loop, then gives it its grace.
				const abort = new AbortController();
				const done = run(job, abort).finally(() => {
					inFlight.delete(job.id);
					// A slot is free: more may be waiting.
					if (!stopping) setImmediate(pump);
				});
				inFlight.set(job.id, { done, abort });
			}
			return true;
		} catch (error) {
			// A busy or closing database: try again at the next poll rather than stop for good.
			console.error('jobs: claiming failed', error);
			return false;
		}
	}

	async function run(job: ClaimedJob, abort: AbortController) {
		const handler = handlers[job.kind];
		// One renewal at a time: on a slow database they would pile up behind each other.
		let renewing = false;
		const renew = setInterval(
			() => {
				if (renewing) return;
				renewing = true;
				store
					.renew(job.id, owner, Date.now(), settings.leaseMs)
					.then(
						(ours) => {
							if (!ours) abort.abort();
						},
						(error: unknown) => console.error(`jobs: renewing the lease of ${job.id} failed`, error)
					)
					.finally(() => (renewing = false));
			},
			Math.max(1, Math.floor(settings.leaseMs / 3))
		);
		renew.unref();
		try {
			if (!handler) throw new PermanentJobError(`no handler for kind ${job.kind}`);
			// Claimed again and again after leases ran out: it takes its process down each time.
			if (job.attempts > job.maxAttempts) throw new PermanentJobError('the process running it stopped too often');
			const payload = handler.parse(JSON.parse(job.payload));
			const context: JobContext = {
				data,
				jobId: job.id,
				attempt: job.attempts,
				signal: abort.signal
			};
			await handler.run(payload, context);
			// Aborted: handed back at shutdown or taken by another runner; the outcome is no longer ours.
			if (abort.signal.aborted) return;
			const kept = handler.keepWhenDone ? JSON.stringify(handler.keepWhenDone(payload)) : job.payload;
			// Not ours any more (the lease ran out and another runner took it): it runs again there.
			if (!(await store.done(job.id, owner, kept, Date.now())))
				console.error(`jobs: ${job.kind} ${job.id} finished after its lease was taken; it may run again`);
		} catch (error) {
			if (abort.signal.aborted) return;
			const message = errorText(error);
			const permanent = error instanceof PermanentJobError || error instanceof SyntaxError;
			try {
				if (permanent || job.attempts >= job.maxAttempts) {
					await store.fail(job.id, owner, Date.now(), message);
					console.error(`jobs: ${job.kind} ${job.id} failed after ${job.attempts} attempt(s): ${message}`);
				} else {
					await store.retry(job.id, owner, Date.now() + retryDelay(job.attempts, settings.retryBaseMs, settings.retryMaxMs, random), message);
				}
			} catch (storeError) {
				// The lease runs out and the job is claimed again: at-least-once, never lost.
				console.error(`jobs: recording the outcome of ${job.id} failed`, storeError);
			}
		} finally {
			clearInterval(renew);
		}
	}

	onJobEnqueued(pump);
	setImmediate(pump);

	return {
		owner,
		running: () => inFlight.size,
		async stop(graceMs = settings.shutdownGraceMs) {
			if (stopping) return;
			stopping = true;
			clearTimeout(timer);
			onJobEnqueued(undefined);
			// A claim under way still lands: its job is in `inFlight` once the loop is through.
			await pumping;
			const all = Promise.allSettled([...inFlight.values()].map((f) => f.done));
			let graceTimer: NodeJS.Timeout | undefined;
			const grace = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, graceMs)));
			await Promise.race([all, grace]);
			clearTimeout(graceTimer);
			if (inFlight.size === 0) return;
			// Handed back: another process (or this one after a restart) runs them; their late outcome is fenced out.
			for (const { abort } of inFlight.values()) abort.abort();
			const released = await store.release(owner);
			if (released > 0) console.log(`jobs: ${released} running job(s) returned to the queue at shutdown`);
		}
	};
}
