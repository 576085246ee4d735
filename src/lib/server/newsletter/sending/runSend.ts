import { eq } from 'drizzle-orm';
import { first, type Data } from '../../db/client';
import type { Edition } from '../../db/schema';
import { transactOn } from '../../effects';
import { retryDelay } from '../../jobs/backoff';
import { PermanentJobError } from '../../jobs/types';
import { digestContactOn, digestMailWith, type DigestMailInput } from '../mail/digestMail';
import { subscriberLinkKeysOn } from '../links';
import { claimDue, markDone, nextDue, recipientsOf, recordOutcomes, requeueInFlight, sendState, type ClaimedDelivery, type Outcome } from './deliveries';
import { sendJobKey } from './jobKey';
import { hourlyRoom, paced, sleep } from './pacing';
import { sendSettings, type SendSettings } from './settings';
import { digestMailConfigured, handToRelay } from './transport';

/** What a digest's mails share: read once per slice (a published digest never changes). */
interface Issue {
	conference: DigestMailInput['conference'];
	digest: DigestMailInput['digest'];
	bodies: Record<Edition, { html: string; text: string } | null>;
}

async function readIssue(data: Data, digestId: string): Promise<Issue> {
	const { conferences, digests } = data.t;
	const row = first(
		await data.q
			.select({ digest: digests, conferenceName: conferences.name })
			.from(digests)
			.innerJoin(conferences, eq(conferences.id, digests.conferenceId))
			.where(eq(digests.id, digestId))
	);
	if (!row || row.digest.state !== 'published' || row.digest.htmlStandard === null || row.digest.textStandard === null)
		throw new PermanentJobError('digest_not_published');
	const d = row.digest;
	return {
		conference: { id: d.conferenceId, name: row.conferenceName },
		digest: { id: d.id, number: d.number, title: d.title, publishedAt: d.publishedAt },
		bodies: {
			standard: { html: d.htmlStandard!, text: d.textStandard! },
			easy: d.htmlEasy !== null && d.textEasy !== null ? { html: d.htmlEasy, text: d.textEasy } : null
		}
	};
}

/**
 * Sends one claimed batch, `concurrency` mails at a time at the configured pace. `started` settles
 * once its last mail is under way (the next batch may be claimed then, so the connections never
 * idle between batches); `done` answers each outcome in the order the relay answered.
 */
async function sendBatch(
	data: Data,
	issue: Issue,
	origin: string,
	batch: ClaimedDelivery[],
	settings: SendSettings,
	signal: AbortSignal
): Promise<{ started: Promise<void>; done: Promise<Outcome[]> }> {
	// Read before the first mail: nothing of the data layer is held while the mails are under way.
	const people = await recipientsOf(
		data,
		batch.map((d) => d.subscriberId)
	);
	const keys = subscriberLinkKeysOn(data);
	const contact = await digestContactOn(data, issue.conference.id);
	const outcomes: Outcome[] = [];
	let next = 0;
	let allStarted!: () => void;
	const started = new Promise<void>((resolve) => (allStarted = resolve));
	async function worker() {
		while (next < batch.length) {
			const delivery = batch[next++];
			if (next === batch.length) allStarted();
			const base = { id: delivery.id, subscriberId: delivery.subscriberId };
			const person = people.get(delivery.subscriberId);
			if (!person || person.gone) {
				outcomes.push({ ...base, result: 'skipped' });
				continue;
			}
			if (!(await paced(settings.perSecond, signal))) {
				outcomes.push({ ...base, result: 'unsent' });
				continue;
			}
			// An easy-language subscriber gets the standard edition when the digest has none.
			const edition: Edition = issue.bodies[delivery.edition] ? delivery.edition : 'standard';
			let handed;
			try {
				const mail = digestMailWith(keys, contact, {
					conference: issue.conference,
					digest: issue.digest,
					edition,
					body: issue.bodies[edition]!,
					subscriber: { id: person.id, tokenVersion: person.tokenVersion, email: person.email, name: person.name },
					to: person.email,
					origin,
					messageId: delivery.messageId
				});
				handed = await handToRelay(mail, settings.concurrency);
			} catch (error) {
				// The mail could not be built: a bug, not the address; counted towards the pause.
				handed = { ok: false as const, permanent: false, error: `mail not built: ${error instanceof Error ? error.message : String(error)}` };
			}
			if (handed.ok) outcomes.push({ ...base, result: 'sent', at: Date.now() });
			else outcomes.push({ ...base, result: handed.permanent ? 'permanent' : 'temporary', error: handed.error });
		}
	}
	const done = Promise.all(Array.from({ length: Math.min(settings.concurrency, batch.length) }, worker)).then(() => outcomes);
	// A worker that failed outright still ends the wait for the next claim.
	void done.finally(allStarted);
	return { started, done };
}

export interface SliceInput {
	sendId: string;
	origin: string;
	/** The job running this slice: it hands its key over to the next one. */
	jobId: string;
	signal: AbortSignal;
}

/**
 * One slice of a send: claims due deliveries in batches (each marked `sending` and committed
 * before any of it goes out: the checkpoint), sends them through the pooled transport, records each
 * batch's outcomes once all its mails were answered, and re-reads the send before each claim (an
 * editor's pause counts within a batch). The next batch is claimed when the last mail of the one
 * before has started, so at most two batches are in flight: what a crash may send twice.
 * It stops at the end of `sliceMs`, at the runner's signal, when the hourly limit or the next
 * retry is further away than the slice, or when the send paused or is done; then, in one
 * transaction, it releases its job's key and, if the send goes on, enqueues the next slice.
 */
export async function runSendSlice(data: Data, input: SliceInput, overrides: Partial<SendSettings> = {}): Promise<void> {
	const settings = { ...sendSettings(), ...overrides };
	const started = Date.now();
	const { digestSends, jobs } = data.t;
	const send = first(await data.q.select().from(digestSends).where(eq(digestSends.id, input.sendId)));
	if (!send) return; // Deleted with its digest's conference.
	let continueAt: number | null = null;
	if (send.state === 'sending') {
		if (!digestMailConfigured()) throw new PermanentJobError('mail_not_configured');
		const issue = await readIssue(data, send.digestId);
		await requeueInFlight(data, input.sendId);
		// About a second's worth per batch under a per-second limit, so a pause is noticed soon.
		const batchSize = settings.perSecond > 0 ? Math.max(1, Math.min(settings.batchSize, settings.perSecond)) : settings.batchSize;
		const policy = {
			maxAttempts: settings.maxAttempts,
			retryDelay: (attempts: number) => retryDelay(attempts, settings.retryBaseMs, settings.retryMaxMs),
			pauseAfterFailures: settings.pauseAfterFailures,
			bouncingAfter: settings.bouncingAfter
		};
		const sliceEnds = started + settings.sliceMs;
		// Batches whose mails are under way: at most two, the second claimed once the first's last mail started.
		const running = new Set<Promise<void>>();
		let unsettled = 0;
		let recordingFailed: unknown = null;
		const settleOne = async () => {
			await Promise.race(running);
			if (recordingFailed) throw recordingFailed;
		};
		for (;;) {
			const now = Date.now();
			if (input.signal.aborted || now >= sliceEnds) {
				continueAt = now;
				break;
			}
			if ((await sendState(data, input.sendId)) !== 'sending') break;
			const { room, freesAt } = await hourlyRoom(data, settings.perHour, now);
			// What is under way counts against the hour too: it is sent before anyone looks again.
			const left = room - unsettled;
			const wait = left > 0 ? 0 : freesAt - now;
			const batch = left > 0 ? await claimDue(data, input.sendId, now, Math.min(batchSize, left)) : [];
			if (batch.length === 0) {
				if (running.size > 0) {
					await settleOne();
					continue;
				}
				const due = wait > 0 ? freesAt : await nextDue(data, input.sendId);
				if (due === null) break; // Nothing left: done (below).
				if (due >= sliceEnds) {
					continueAt = due;
					break;
				}
				await sleep(due - now, input.signal);
				continue;
			}
			const attemptsOf = new Map(batch.map((d) => [d.id, d.attempts]));
			const sending = await sendBatch(data, issue, input.origin, batch, settings, input.signal);
			unsettled += batch.length;
			const recorded: Promise<void> = sending.done
				.then(async (outcomes) => {
					await recordOutcomes(data, input.sendId, outcomes, attemptsOf, { ...policy, now: Date.now() });
				})
				.catch((error) => {
					recordingFailed ??= error;
				})
				.finally(() => {
					unsettled -= batch.length;
					running.delete(recorded);
				});
			running.add(recorded);
			await sending.started;
			if (running.size >= 2) await settleOne();
		}
		// Every mail handed over is recorded before the slice ends; a failure to record leaves its rows `sending` for the next run.
		await Promise.all(running);
		if (recordingFailed) throw recordingFailed;
	}
	// Stopped by the runner (shutting down, or the lease lost): the runner hands the job back, and
	// only the lease's owner may hand the send on; a second slice would requeue this one's mails.
	if (input.signal.aborted) throw new Error('stopped: the runner took the job back');
	await transactOn(data, async (tx, effects) => {
		await tx.update(jobs).set({ key: null }).where(eq(jobs.id, input.jobId));
		const state = await sendState(data, input.sendId, tx);
		if (state !== 'sending') return;
		if (continueAt === null) {
			if ((await nextDue(data, input.sendId, tx)) === null) await markDone(data, input.sendId, Date.now(), tx);
			else continueAt = Date.now();
		}
		if (continueAt !== null)
			await effects.job(
				'newsletter.send',
				{ sendId: input.sendId, origin: input.origin },
				{ key: sendJobKey(input.sendId), conferenceId: send.conferenceId, runAt: new Date(continueAt) }
			);
	});
}
