import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, gt, ne } from 'drizzle-orm';
import { first, type Data } from '../../src/lib/server/db/client';
import { countRecipientsOn } from '../../src/lib/server/newsletter/sending/recipients';
import { runSendSlice } from '../../src/lib/server/newsletter/sending/runSend';
import { closeRelay } from '../../src/lib/server/newsletter/sending/transport';
import type { SendSettings } from '../../src/lib/server/newsletter/sending/settings';
import { sendJobKey } from '../../src/lib/server/newsletter/sending/jobKey';
import { pauseSend } from '../../src/lib/server/commands/pauseSend';
import { resumeSend } from '../../src/lib/server/commands/resumeSend';
import { loadActorOn } from '../../src/lib/server/policies';
import { DIALECTS, tempData } from './support/data';
import { useJobsSecret } from './support/jobsSecret';
import { seedConference, seedPublishedDigest, seedSubscribers, startSend } from './support/newsletterSend';
import { smtpRefusal, startSmtpSink } from './support/smtpSink';

/** Fast retries and no limits unless a test sets them. */
const FAST: Partial<SendSettings> = { perSecond: 0, perHour: 0, retryBaseMs: 20, retryMaxMs: 100, sliceMs: 10_000 };
const ORIGIN = 'http://127.0.0.1:9';
let sink: Awaited<ReturnType<typeof startSmtpSink>> | undefined;

async function sinkFor(hooks: Parameters<typeof startSmtpSink>[0] = {}) {
	sink = await startSmtpSink(hooks);
	process.env.SMTP_URL = sink.url;
	return sink;
}
afterEach(async () => {
	closeRelay();
	delete process.env.SMTP_URL;
	await sink?.close();
	sink = undefined;
});

describe.each(DIALECTS)('the newsletter sending on %s', (dialect) => {
	let data: Data;
	beforeAll(async () => {
		const database = await tempData(dialect);
		data = database.data;
		return () => database.cleanup();
	}, 60_000);
	// The unsubscribe link in every mail is signed with JOBS_SECRET on PostgreSQL: no key file beside a database there.
	if (dialect === 'postgres') useJobsSecret();

	describe('recipients', () => {
		it('are the active, not bouncing subscribers; for a group, those whose person has a role in it', async () => {
			const conference = await seedConference(data);
			const [a, b, c, d] = await seedSubscribers(data, conference.id, 6, { easyEvery: 2, prefix: 'r' });
			await data.q.update(data.t.newsletterSubscribers).set({ bouncingSince: new Date() }).where(eq(data.t.newsletterSubscribers.id, a));
			await data.q
				.update(data.t.newsletterSubscribers)
				.set({ state: 'unsubscribed', unsubscribedAt: new Date() })
				.where(eq(data.t.newsletterSubscribers.id, b));
			await data.q
				.insert(data.t.newsletterSubscribers)
				.values({ id: 'pendingone', conferenceId: conference.id, email: 'p@example.org', state: 'pending', createdAt: new Date(0) });
			expect(await countRecipientsOn(data, conference.id, null)).toEqual({ standard: 2, easy: 2 });

			const group = first(await data.q.insert(data.t.workingGroups).values({ conferenceId: conference.id, name: 'AG Pflege' }).returning())!;
			const [anna, ben] = await data.q
				.insert(data.t.people)
				.values([{ displayName: 'Anna' }, { displayName: 'Ben' }])
				.returning();
			// Two roles in the group are still one recipient.
			await data.q.insert(data.t.groupMemberships).values([
				{ groupId: group.id, personId: anna.id, role: 'member' },
				{ groupId: group.id, personId: anna.id, role: 'coordinator' }
			]);
			await data.q.update(data.t.newsletterSubscribers).set({ personId: anna.id }).where(eq(data.t.newsletterSubscribers.id, c));
			await data.q.update(data.t.newsletterSubscribers).set({ personId: ben.id }).where(eq(data.t.newsletterSubscribers.id, d));
			expect(await countRecipientsOn(data, conference.id, group.id)).toEqual({ standard: 1, easy: 0 });
		});

		// How long it takes is measured by `npm run bench:newsletter`, not asserted here.
		it('a send fixes 10,000 deliveries and its job in one transaction', async () => {
			const conference = await seedConference(data);
			await seedSubscribers(data, conference.id, 10_000, { easyEvery: 4, prefix: 'big' });
			const digest = await seedPublishedDigest(data, conference.id);
			const send = await startSend(data, digest, 'https://ratschlag.example:8443');
			expect(send).toMatchObject({ total: 10_000, perEdition: { standard: 7500, easy: 2500 } });
			const rows = await deliveriesOf(send.sendId);
			expect(rows).toHaveLength(10_000);
			expect(new Set(rows.map((r) => r.id)).size).toBe(10_000);
			expect(rows.every((r) => /^[a-z2-7]{16}$/.test(r.id) && r.messageId === `<${r.id}.digest@ratschlag.example>` && r.state === 'queued')).toBe(true);
			const easy = await data.q.select().from(data.t.newsletterSubscribers).where(eq(data.t.newsletterSubscribers.edition, 'easy'));
			const byId = new Map(rows.map((r) => [r.subscriberId, r]));
			expect(easy.filter((s) => s.conferenceId === conference.id).every((s) => byId.get(s.id)?.edition === 'easy')).toBe(true);
			expect(await sendRow(send.sendId)).toMatchObject({ state: 'sending', total: 10_000 });
			const job = first(
				await data.q
					.select()
					.from(data.t.jobs)
					.where(eq(data.t.jobs.key, `newsletter.send:${send.sendId}`))
			);
			expect(JSON.parse(job!.payload)).toEqual({ sendId: send.sendId, origin: 'https://ratschlag.example:8443' });
		});

		it('a digest without recipients gets a send that is done at once', async () => {
			const conference = await seedConference(data);
			const send = await startSend(data, await seedPublishedDigest(data, conference.id));
			expect(send.total).toBe(0);
			expect((await sendRow(send.sendId)).state).toBe('done');
		});
	});

	const openJob = async (sendId: string) =>
		first(
			await data.q
				.select()
				.from(data.t.jobs)
				.where(and(eq(data.t.jobs.key, sendJobKey(sendId)), ne(data.t.jobs.state, 'done')))
		);

	/**
	 * Runs the send's jobs one after another as the runner would (each slice hands over to the next),
	 * until none is left or the next one is further away than `patienceMs`.
	 */
	async function drive(sendId: string, settings: Partial<SendSettings> = {}, patienceMs = 2_000) {
		for (let slice = 0; slice < 200; slice++) {
			const job = await openJob(sendId);
			if (!job) return;
			const wait = job.runAt.getTime() - Date.now();
			if (wait > patienceMs) return;
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
			await data.q.update(data.t.jobs).set({ state: 'running' }).where(eq(data.t.jobs.id, job.id));
			await runSendSlice(data, { sendId, origin: ORIGIN, jobId: job.id, signal: new AbortController().signal }, { ...FAST, ...settings });
			await data.q.update(data.t.jobs).set({ state: 'done' }).where(eq(data.t.jobs.id, job.id));
		}
		throw new Error('the send did not settle');
	}

	const deliveriesOf = (sendId: string) => data.q.select().from(data.t.digestDeliveries).where(eq(data.t.digestDeliveries.sendId, sendId));
	const sendRow = async (sendId: string) => first(await data.q.select().from(data.t.digestSends).where(eq(data.t.digestSends.id, sendId)))!;

	async function newSend(count: number, prefix: string) {
		const conference = await seedConference(data);
		await seedSubscribers(data, conference.id, count, { prefix });
		const digest = await seedPublishedDigest(data, conference.id);
		return { conference, digest, ...(await startSend(data, digest, ORIGIN)) };
	}

	describe('sending', () => {
		it('sends each recipient one mail with its delivery’s Message-ID, and finishes the send', async () => {
			const smtp = await sinkFor();
			const send = await newSend(120, 'all');
			await drive(send.sendId);
			expect(smtp.mails).toHaveLength(120);
			expect([...smtp.perRecipient().values()].every((n) => n === 1)).toBe(true);
			const rows = await deliveriesOf(send.sendId);
			expect(rows.every((r) => r.state === 'sent' && r.attempts === 1 && r.sentAt !== null)).toBe(true);
			expect(new Set(smtp.mails.map((m) => m.messageId))).toEqual(new Set(rows.map((r) => r.messageId)));
			expect(await sendRow(send.sendId)).toMatchObject({ state: 'done' });
			expect(await openJob(send.sendId)).toBeUndefined();
		});

		it('holds the rate per second: no more than 20 a second over 100 mails, measured where they arrive', async () => {
			const smtp = await sinkFor();
			const send = await newSend(100, 'rate');
			await drive(send.sendId, { perSecond: 20 });
			expect(smtp.mails).toHaveLength(100);
			const times = smtp.mails.map((m) => m.at).sort((a, b) => a - b);
			// Mails are handed to the relay 50 ms apart; where they arrive, a slow answer on one
			// connection can bunch some (on a busy machine the receiving server itself lags), so a window
			// of one second may hold more than 20 — never the 100 an unpaced sender puts into one.
			let most = 0;
			for (let i = 0, j = 0; i < times.length; i++) {
				while (times[i] - times[j] >= 1000) j++;
				most = Math.max(most, i - j + 1);
			}
			expect(most).toBeLessThanOrEqual(32);
			// On average over the run: the first connections' set-up may delay the first arrivals a
			// little (which shortens the span measured), an unpaced sender would be ten times as fast.
			const perSecond = ((times.length - 1) * 1000) / (times.at(-1)! - times[0]);
			expect(perSecond).toBeLessThanOrEqual(23);
		});

		it('holds the rate per hour, counted from every send’s mails of the last hour: the next slice waits for the window', async () => {
			const smtp = await sinkFor();
			// The mails of the tests before count too: the relay's limit is for all of them.
			const { digestDeliveries } = data.t;
			const earlier = first(
				await data.q
					.select({ n: count() })
					.from(digestDeliveries)
					.where(and(eq(digestDeliveries.state, 'sent'), gt(digestDeliveries.sentAt, new Date(Date.now() - 3_600_000))))
			)!;
			const send = await newSend(50, 'hour');
			await drive(send.sendId, { perHour: earlier.n + 30 });
			expect(smtp.mails).toHaveLength(30);
			expect((await deliveriesOf(send.sendId)).filter((r) => r.state === 'sent')).toHaveLength(30);
			expect((await sendRow(send.sendId)).state).toBe('sending');
			// The next slice is due when the oldest mail of the window is an hour old.
			expect((await openJob(send.sendId))!.runAt.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
		});

		it('a temporary refusal is tried again later, and the mail arrives once', async () => {
			let refused = 0;
			const smtp = await sinkFor({
				onRcptTo(address, _session, callback) {
					if (address.address === 'temp1@example.org' && refused++ === 0) return callback(smtpRefusal(451, '4.7.1 Try again later'));
					callback();
				}
			});
			const send = await newSend(3, 'temp');
			await drive(send.sendId);
			expect(smtp.perRecipient().get('temp1@example.org')).toBe(1);
			const row = (await deliveriesOf(send.sendId)).find((r) => r.messageId === smtp.mails.find((m) => m.to === 'temp1@example.org')!.messageId)!;
			expect(row).toMatchObject({ state: 'sent', attempts: 2 });
			expect((await sendRow(send.sendId)).state).toBe('done');
		});

		it('a permanent refusal fails the delivery; after three sends the address is bouncing and left out of the next', async () => {
			const smtp = await sinkFor({
				onRcptTo(address, _session, callback) {
					if (address.address === 'bounce2@example.org') return callback(smtpRefusal(550, '5.1.1 <bounce2@example.org>: no such user'));
					callback();
				}
			});
			const conference = await seedConference(data);
			await seedSubscribers(data, conference.id, 4, { prefix: 'bounce' });
			const bouncer = async () =>
				first(await data.q.select().from(data.t.newsletterSubscribers).where(eq(data.t.newsletterSubscribers.email, 'bounce2@example.org')))!;
			for (let round = 1; round <= 3; round++) {
				const send = await startSend(data, await seedPublishedDigest(data, conference.id), ORIGIN);
				expect(send.total).toBe(4);
				await drive(send.sendId);
				const bouncing = await bouncer();
				const failed = (await deliveriesOf(send.sendId)).find((r) => r.subscriberId === bouncing.id)!;
				expect(failed).toMatchObject({ state: 'failed_permanently', attempts: 1 });
				expect(failed.lastError).toContain('550');
				expect((await bouncer()).permanentFailures).toBe(round);
				expect((await bouncer()).bouncingSince === null).toBe(round < 3);
			}
			const fourth = await startSend(data, await seedPublishedDigest(data, conference.id), ORIGIN);
			expect(fourth.total).toBe(3);
			await drive(fourth.sendId);
			expect(smtp.perRecipient().get('bounce1@example.org')).toBe(4);
			expect(smtp.perRecipient().get('bounce2@example.org')).toBeUndefined();
		});

		it('skips a recipient who unsubscribed after the send started', async () => {
			const smtp = await sinkFor();
			const send = await newSend(3, 'gone');
			await data.q
				.update(data.t.newsletterSubscribers)
				.set({ state: 'unsubscribed', unsubscribedAt: new Date() })
				.where(eq(data.t.newsletterSubscribers.email, 'gone3@example.org'));
			await drive(send.sendId);
			expect(smtp.mails.map((m) => m.to).sort()).toEqual(['gone1@example.org', 'gone2@example.org']);
			expect((await deliveriesOf(send.sendId)).filter((r) => r.state === 'skipped')).toHaveLength(1);
			expect((await sendRow(send.sendId)).state).toBe('done');
		});

		it('pauses itself after ten failures in a row, and an editor’s resume goes on', async () => {
			let relayDown = true;
			const smtp = await sinkFor({
				onRcptTo(_address, _session, callback) {
					callback(relayDown ? smtpRefusal(421, '4.3.2 Service not available') : undefined);
				}
			});
			const send = await newSend(40, 'down');
			await drive(send.sendId, { batchSize: 5 });
			expect(await sendRow(send.sendId)).toMatchObject({ state: 'paused', pauseReason: 'failures' });
			expect(await openJob(send.sendId)).toBeUndefined();
			// Ten in a row, and at most the one batch already under way when the tenth failed.
			const tried = (await deliveriesOf(send.sendId)).filter((r) => r.attempts > 0);
			expect(tried.length).toBeGreaterThanOrEqual(10);
			expect(tried.length).toBeLessThanOrEqual(15);
			expect(tried.every((r) => r.state === 'failed_temporarily' && r.lastError?.includes('421'))).toBe(true);

			relayDown = false;
			const editor = await editorOf(send.conference.id);
			await resumeSend(data, editor, { conferenceId: send.conference.id, digestId: send.digest.id, origin: ORIGIN });
			await drive(send.sendId, { batchSize: 5 });
			expect((await sendRow(send.sendId)).state).toBe('done');
			expect(smtp.mails).toHaveLength(40);
			expect([...smtp.perRecipient().values()].every((n) => n === 1)).toBe(true);
		});

		it('an editor pauses a send between two batches and resumes it; both are audited', async () => {
			const smtp = await sinkFor();
			const send = await newSend(60, 'pause');
			const editor = await editorOf(send.conference.id);
			const input = { conferenceId: send.conference.id, digestId: send.digest.id, origin: ORIGIN };
			// Paused once the first batch went out: the slice notices it before claiming the next.
			const job = (await openJob(send.sendId))!;
			await data.q.update(data.t.jobs).set({ state: 'running' }).where(eq(data.t.jobs.id, job.id));
			const running = runSendSlice(
				data,
				{ sendId: send.sendId, origin: ORIGIN, jobId: job.id, signal: new AbortController().signal },
				{ ...FAST, perSecond: 20, batchSize: 10 }
			);
			while (smtp.mails.length < 5) await new Promise((r) => setTimeout(r, 10));
			await pauseSend(data, editor, input);
			await running;
			await data.q.update(data.t.jobs).set({ state: 'done' }).where(eq(data.t.jobs.id, job.id));
			expect(await sendRow(send.sendId)).toMatchObject({ state: 'paused', pauseReason: 'editor' });
			expect(smtp.mails.length).toBeLessThan(60);
			expect(await openJob(send.sendId)).toBeUndefined();
			await expect(pauseSend(data, editor, input)).rejects.toThrow('sending_not_running');

			await resumeSend(data, editor, input);
			await expect(resumeSend(data, editor, input)).rejects.toThrow('sending_not_paused');
			await drive(send.sendId);
			expect((await sendRow(send.sendId)).state).toBe('done');
			expect(smtp.mails).toHaveLength(60);
			// PostgreSQL keeps no order without ORDER BY: the log's own sequence is the order of the steps.
			const audits = await data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.subjectId, send.digest.id)).orderBy(data.t.auditLog.seq);
			expect(audits.map((a) => a.action)).toEqual(['digest.pauseSend', 'digest.resumeSend']);
		});

		it('is refused to whoever does not edit the conference’s newsletter', async () => {
			const send = await newSend(1, 'refuse');
			const stranger = first(await data.q.insert(data.t.people).values({ displayName: 'Gast' }).returning())!;
			await data.q.insert(data.t.conferenceMemberships).values({ conferenceId: send.conference.id, personId: stranger.id, role: 'guest' });
			await expect(
				pauseSend(data, await loadActorOn(data, stranger.id), {
					conferenceId: send.conference.id,
					digestId: send.digest.id,
					origin: ORIGIN
				})
			).rejects.toThrow();
			expect((await sendRow(send.sendId)).state).toBe('sending');
		});
	});

	async function editorOf(conferenceId: string) {
		const person = first(await data.q.insert(data.t.people).values({ displayName: 'Tobias Engel' }).returning())!;
		await data.q.insert(data.t.conferenceMemberships).values({ conferenceId, personId: person.id, role: 'newsletter_editor' });
		return loadActorOn(data, person.id);
	}
});
