import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import {
	auditLog,
	conferenceMemberships,
	digestDeliveries,
	digestSends,
	groupMemberships,
	jobs,
	newsletterSubscribers,
	people,
	workingGroups
} from '../../src/lib/server/db/schema';
import { countRecipientsOn } from '../../src/lib/server/newsletter/sending/recipients';
import { runSendSlice } from '../../src/lib/server/newsletter/sending/runSend';
import { closeRelay } from '../../src/lib/server/newsletter/sending/transport';
import type { SendSettings } from '../../src/lib/server/newsletter/sending/settings';
import { sendJobKey } from '../../src/lib/server/newsletter/sending/jobKey';
import { pauseSend } from '../../src/lib/server/commands/pauseSend';
import { resumeSend } from '../../src/lib/server/commands/resumeSend';
import { loadActorOn } from '../../src/lib/server/policies';
import { tempDatabase } from './support/db';
import { seedConference, seedPublishedDigest, seedSubscribers, startSend } from './support/newsletterSend';
import { smtpRefusal, startSmtpSink } from './support/smtpSink';
import { sqliteData } from '../../src/lib/server/db/client';

let t: ReturnType<typeof tempDatabase>;
let db: Db;

beforeAll(() => {
	t = tempDatabase();
	db = t.db;
});
afterAll(() => t.cleanup());

describe('recipients', () => {
	it('are the active, not bouncing subscribers; for a group, those whose person has a role in it', async () => {
		const conference = seedConference(db);
		const [a, b, c, d] = seedSubscribers(db, conference.id, 6, { easyEvery: 2, prefix: 'r' });
		db.update(newsletterSubscribers).set({ bouncingSince: new Date() }).where(eq(newsletterSubscribers.id, a)).run();
		db.update(newsletterSubscribers).set({ state: 'unsubscribed', unsubscribedAt: new Date() }).where(eq(newsletterSubscribers.id, b)).run();
		db.run(
			sql`INSERT INTO newsletter_subscribers (id, conference_id, email, state, created_at) VALUES ('pendingone', ${conference.id}, 'p@example.org', 'pending', 0)`
		);
		expect(await countRecipientsOn(sqliteData(db.$client), conference.id, null)).toEqual({ standard: 2, easy: 2 });

		const group = db.insert(workingGroups).values({ conferenceId: conference.id, name: 'AG Pflege' }).returning().get();
		const [anna, ben] = db
			.insert(people)
			.values([{ displayName: 'Anna' }, { displayName: 'Ben' }])
			.returning()
			.all();
		// Two roles in the group are still one recipient.
		db.insert(groupMemberships)
			.values([
				{ groupId: group.id, personId: anna.id, role: 'member' },
				{ groupId: group.id, personId: anna.id, role: 'coordinator' }
			])
			.run();
		db.update(newsletterSubscribers).set({ personId: anna.id }).where(eq(newsletterSubscribers.id, c)).run();
		db.update(newsletterSubscribers).set({ personId: ben.id }).where(eq(newsletterSubscribers.id, d)).run();
		expect(await countRecipientsOn(sqliteData(db.$client), conference.id, group.id)).toEqual({ standard: 1, easy: 0 });
	});

	// How long it takes is measured by `npm run bench:newsletter`, not asserted here.
	it('a send fixes 10,000 deliveries and its job in one transaction', async () => {
		const conference = seedConference(db);
		seedSubscribers(db, conference.id, 10_000, { easyEvery: 4, prefix: 'big' });
		const digest = seedPublishedDigest(db, conference.id);
		const send = await startSend(db, digest, 'https://ratschlag.example:8443');
		expect(send).toMatchObject({ total: 10_000, perEdition: { standard: 7500, easy: 2500 } });
		const rows = db.select().from(digestDeliveries).where(eq(digestDeliveries.sendId, send.sendId)).all();
		expect(rows).toHaveLength(10_000);
		expect(new Set(rows.map((r) => r.id)).size).toBe(10_000);
		expect(rows.every((r) => /^[a-z2-7]{16}$/.test(r.id) && r.messageId === `<${r.id}.digest@ratschlag.example>` && r.state === 'queued')).toBe(true);
		const easy = db.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.edition, 'easy')).all();
		const byId = new Map(rows.map((r) => [r.subscriberId, r]));
		expect(easy.filter((s) => s.conferenceId === conference.id).every((s) => byId.get(s.id)?.edition === 'easy')).toBe(true);
		expect(db.select().from(digestSends).where(eq(digestSends.id, send.sendId)).get()).toMatchObject({ state: 'sending', total: 10_000 });
		const job = db
			.select()
			.from(jobs)
			.where(eq(jobs.key, `newsletter.send:${send.sendId}`))
			.get();
		expect(JSON.parse(job!.payload)).toEqual({ sendId: send.sendId, origin: 'https://ratschlag.example:8443' });
	});

	it('a digest without recipients gets a send that is done at once', async () => {
		const conference = seedConference(db);
		const send = await startSend(db, seedPublishedDigest(db, conference.id));
		expect(send.total).toBe(0);
		expect(db.select().from(digestSends).where(eq(digestSends.id, send.sendId)).get()?.state).toBe('done');
	});
});

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

const openJob = (sendId: string) =>
	db
		.select()
		.from(jobs)
		.where(and(eq(jobs.key, sendJobKey(sendId)), ne(jobs.state, 'done')))
		.get();

/**
 * Runs the send's jobs one after another as the runner would (each slice hands over to the next),
 * until none is left or the next one is further away than `patienceMs`.
 */
async function drive(sendId: string, settings: Partial<SendSettings> = {}, patienceMs = 2_000) {
	for (let slice = 0; slice < 200; slice++) {
		const job = openJob(sendId);
		if (!job) return;
		const wait = job.runAt.getTime() - Date.now();
		if (wait > patienceMs) return;
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		db.update(jobs).set({ state: 'running' }).where(eq(jobs.id, job.id)).run();
		await runSendSlice(sqliteData(db.$client), { sendId, origin: ORIGIN, jobId: job.id, signal: new AbortController().signal }, { ...FAST, ...settings });
		db.update(jobs).set({ state: 'done' }).where(eq(jobs.id, job.id)).run();
	}
	throw new Error('the send did not settle');
}

const deliveriesOf = (sendId: string) => db.select().from(digestDeliveries).where(eq(digestDeliveries.sendId, sendId)).all();
const sendRow = (sendId: string) => db.select().from(digestSends).where(eq(digestSends.id, sendId)).get()!;

async function newSend(count: number, prefix: string) {
	const conference = seedConference(db);
	seedSubscribers(db, conference.id, count, { prefix });
	const digest = seedPublishedDigest(db, conference.id);
	return { conference, digest, ...(await startSend(db, digest, ORIGIN)) };
}

describe('sending', () => {
	it('sends each recipient one mail with its delivery’s Message-ID, and finishes the send', async () => {
		const smtp = await sinkFor();
		const send = await newSend(120, 'all');
		await drive(send.sendId);
		expect(smtp.mails).toHaveLength(120);
		expect([...smtp.perRecipient().values()].every((n) => n === 1)).toBe(true);
		const rows = deliveriesOf(send.sendId);
		expect(rows.every((r) => r.state === 'sent' && r.attempts === 1 && r.sentAt !== null)).toBe(true);
		expect(new Set(smtp.mails.map((m) => m.messageId))).toEqual(new Set(rows.map((r) => r.messageId)));
		expect(sendRow(send.sendId)).toMatchObject({ state: 'done' });
		expect(openJob(send.sendId)).toBeUndefined();
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
		const earlier = db.$client.prepare(`SELECT count(*) AS n FROM digest_deliveries WHERE state = 'sent' AND sent_at > ?`).get(Date.now() - 3_600_000) as {
			n: number;
		};
		const send = await newSend(50, 'hour');
		await drive(send.sendId, { perHour: earlier.n + 30 });
		expect(smtp.mails).toHaveLength(30);
		expect(deliveriesOf(send.sendId).filter((r) => r.state === 'sent')).toHaveLength(30);
		expect(sendRow(send.sendId).state).toBe('sending');
		// The next slice is due when the oldest mail of the window is an hour old.
		expect(openJob(send.sendId)!.runAt.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
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
		const row = deliveriesOf(send.sendId).find((r) => r.messageId === smtp.mails.find((m) => m.to === 'temp1@example.org')!.messageId)!;
		expect(row).toMatchObject({ state: 'sent', attempts: 2 });
		expect(sendRow(send.sendId).state).toBe('done');
	});

	it('a permanent refusal fails the delivery; after three sends the address is bouncing and left out of the next', async () => {
		const smtp = await sinkFor({
			onRcptTo(address, _session, callback) {
				if (address.address === 'bounce2@example.org') return callback(smtpRefusal(550, '5.1.1 <bounce2@example.org>: no such user'));
				callback();
			}
		});
		const conference = seedConference(db);
		seedSubscribers(db, conference.id, 4, { prefix: 'bounce' });
		const bouncer = () => db.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.email, 'bounce2@example.org')).get()!;
		for (let round = 1; round <= 3; round++) {
			const send = await startSend(db, seedPublishedDigest(db, conference.id), ORIGIN);
			expect(send.total).toBe(4);
			await drive(send.sendId);
			const failed = deliveriesOf(send.sendId).find((r) => r.subscriberId === bouncer().id)!;
			expect(failed).toMatchObject({ state: 'failed_permanently', attempts: 1 });
			expect(failed.lastError).toContain('550');
			expect(bouncer().permanentFailures).toBe(round);
			expect(bouncer().bouncingSince === null).toBe(round < 3);
		}
		const fourth = await startSend(db, seedPublishedDigest(db, conference.id), ORIGIN);
		expect(fourth.total).toBe(3);
		await drive(fourth.sendId);
		expect(smtp.perRecipient().get('bounce1@example.org')).toBe(4);
		expect(smtp.perRecipient().get('bounce2@example.org')).toBeUndefined();
	});

	it('skips a recipient who unsubscribed after the send started', async () => {
		const smtp = await sinkFor();
		const send = await newSend(3, 'gone');
		db.update(newsletterSubscribers)
			.set({ state: 'unsubscribed', unsubscribedAt: new Date() })
			.where(eq(newsletterSubscribers.email, 'gone3@example.org'))
			.run();
		await drive(send.sendId);
		expect(smtp.mails.map((m) => m.to).sort()).toEqual(['gone1@example.org', 'gone2@example.org']);
		expect(deliveriesOf(send.sendId).filter((r) => r.state === 'skipped')).toHaveLength(1);
		expect(sendRow(send.sendId).state).toBe('done');
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
		expect(sendRow(send.sendId)).toMatchObject({ state: 'paused', pauseReason: 'failures' });
		expect(openJob(send.sendId)).toBeUndefined();
		// Ten in a row, and at most the one batch already under way when the tenth failed.
		const tried = deliveriesOf(send.sendId).filter((r) => r.attempts > 0);
		expect(tried.length).toBeGreaterThanOrEqual(10);
		expect(tried.length).toBeLessThanOrEqual(15);
		expect(tried.every((r) => r.state === 'failed_temporarily' && r.lastError?.includes('421'))).toBe(true);

		relayDown = false;
		const editor = await editorOf(send.conference.id);
		await resumeSend(sqliteData(db.$client), editor, { conferenceId: send.conference.id, digestId: send.digest.id, origin: ORIGIN });
		await drive(send.sendId, { batchSize: 5 });
		expect(sendRow(send.sendId).state).toBe('done');
		expect(smtp.mails).toHaveLength(40);
		expect([...smtp.perRecipient().values()].every((n) => n === 1)).toBe(true);
	});

	it('an editor pauses a send between two batches and resumes it; both are audited', async () => {
		const smtp = await sinkFor();
		const send = await newSend(60, 'pause');
		const editor = await editorOf(send.conference.id);
		const input = { conferenceId: send.conference.id, digestId: send.digest.id, origin: ORIGIN };
		// Paused once the first batch went out: the slice notices it before claiming the next.
		const job = openJob(send.sendId)!;
		db.update(jobs).set({ state: 'running' }).where(eq(jobs.id, job.id)).run();
		const running = runSendSlice(
			sqliteData(db.$client),
			{ sendId: send.sendId, origin: ORIGIN, jobId: job.id, signal: new AbortController().signal },
			{ ...FAST, perSecond: 20, batchSize: 10 }
		);
		while (smtp.mails.length < 5) await new Promise((r) => setTimeout(r, 10));
		await pauseSend(sqliteData(db.$client), editor, input);
		await running;
		db.update(jobs).set({ state: 'done' }).where(eq(jobs.id, job.id)).run();
		expect(sendRow(send.sendId)).toMatchObject({ state: 'paused', pauseReason: 'editor' });
		expect(smtp.mails.length).toBeLessThan(60);
		expect(openJob(send.sendId)).toBeUndefined();
		await expect(pauseSend(sqliteData(db.$client), editor, input)).rejects.toThrow('sending_not_running');

		await resumeSend(sqliteData(db.$client), editor, input);
		await expect(resumeSend(sqliteData(db.$client), editor, input)).rejects.toThrow('sending_not_paused');
		await drive(send.sendId);
		expect(sendRow(send.sendId).state).toBe('done');
		expect(smtp.mails).toHaveLength(60);
		const audits = db.select().from(auditLog).where(eq(auditLog.subjectId, send.digest.id)).all();
		expect(audits.map((a) => a.action)).toEqual(['digest.pauseSend', 'digest.resumeSend']);
	});

	it('is refused to whoever does not edit the conference’s newsletter', async () => {
		const send = await newSend(1, 'refuse');
		const stranger = db.insert(people).values({ displayName: 'Gast' }).returning().get();
		db.insert(conferenceMemberships).values({ conferenceId: send.conference.id, personId: stranger.id, role: 'guest' }).run();
		await expect(
			pauseSend(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), stranger.id), {
				conferenceId: send.conference.id,
				digestId: send.digest.id,
				origin: ORIGIN
			})
		).rejects.toThrow();
		expect(sendRow(send.sendId).state).toBe('sending');
	});
});

function editorOf(conferenceId: string) {
	const person = db.insert(people).values({ displayName: 'Tobias Engel' }).returning().get();
	db.insert(conferenceMemberships).values({ conferenceId, personId: person.id, role: 'newsletter_editor' }).run();
	return loadActorOn(sqliteData(db.$client), person.id);
}
