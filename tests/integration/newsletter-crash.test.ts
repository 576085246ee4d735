import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { startBuiltServer, type BuiltServer } from './support/builtServer';
import { seedConference, seedPublishedDigest, seedSubscribers, startSend } from './support/newsletterSend';
import { startSmtpSink } from './support/smtpSink';

/**
 * kill -9 of the production server in the middle of a 2,000-recipient send, then a restart: every
 * recipient has exactly one mail, except the few that were in flight (marked `sending`) at the
 * instant of the kill, whose second copy carries the same Message-ID.
 */
const RECIPIENTS = 2000;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let server: BuiltServer | undefined;
let db: Db | undefined;

const until = async (what: string, ok: () => boolean, timeoutMs: number) => {
	const deadline = Date.now() + timeoutMs;
	while (!ok()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 5));
	}
};

beforeAll(async () => {
	sink = await startSmtpSink();
});
afterAll(async () => {
	db?.$client.close();
	await server?.stop();
	await sink.close();
});

describe('a send killed with SIGKILL half-way', () => {
	it('resumes after the restart: one mail per recipient, in-flight duplicates only, with their Message-ID', { timeout: 240_000 }, async () => {
		const env = {
			SMTP_URL: sink.url,
			SEED_DEMO: 'false',
			NEWSLETTER_RATE_PER_SECOND: '0',
			NEWSLETTER_RATE_PER_HOUR: '0',
			// A lease that ends soon after the kill, and a runner that looks often: the restart picks the send up at once.
			JOBS_LEASE_MS: '3000',
			JOBS_POLL_MS: '200'
		};
		server = await startBuiltServer({ env });
		db = openDatabase(server.databaseFile);
		const conference = seedConference(db);
		seedSubscribers(db, conference.id, RECIPIENTS, { easyEvery: 5, prefix: 'crash' });
		const send = await startSend(db, seedPublishedDigest(db, conference.id), server.origin);

		// In the middle of a batch: some of it arrived, the rest is under way.
		await until('half of the mails', () => sink.mails.length >= RECIPIENTS / 2 + 17, 120_000);
		await server.kill();
		const inFlight = db.$client
			.prepare(`SELECT message_id AS messageId FROM digest_deliveries WHERE send_id = ? AND state = 'sending'`)
			.all(send.sendId)
			.map((r) => (r as { messageId: string }).messageId);
		const atKill = sink.mails.length;
		expect(atKill).toBeLessThan(RECIPIENTS);

		server = await startBuiltServer({ databaseFile: server.databaseFile, port: server.port, env });
		const state = () => (db!.$client.prepare(`SELECT state FROM digest_sends WHERE id = ?`).get(send.sendId) as { state: string }).state;
		await until('the send to finish', () => state() === 'done', 180_000);

		const deliveries = db.$client.prepare(`SELECT state, message_id AS messageId FROM digest_deliveries WHERE send_id = ?`).all(send.sendId) as {
			state: string;
			messageId: string;
		}[];
		expect(deliveries.every((d) => d.state === 'sent')).toBe(true);

		// Per Message-ID: which recipients got it and how often.
		const byMessageId = new Map<string, { to: Set<string>; copies: number }>();
		for (const mail of sink.mails) {
			const entry = byMessageId.get(mail.messageId) ?? { to: new Set(), copies: 0 };
			entry.to.add(mail.to);
			entry.copies++;
			byMessageId.set(mail.messageId, entry);
		}
		expect(byMessageId.size).toBe(RECIPIENTS);
		expect(new Set(deliveries.map((d) => d.messageId))).toEqual(new Set(byMessageId.keys()));
		// Every copy of a Message-ID went to the one recipient it belongs to.
		expect([...byMessageId.values()].every((e) => e.to.size === 1)).toBe(true);

		const perRecipient = sink.perRecipient();
		expect(perRecipient.size).toBe(RECIPIENTS);
		const duplicated = [...byMessageId].filter(([, e]) => e.copies > 1).map(([id]) => id);
		// Only what was in flight at the kill came twice; nothing came three times.
		expect(duplicated.every((id) => inFlight.includes(id))).toBe(true);
		expect([...perRecipient.values()].every((n) => n <= 2)).toBe(true);
		expect([...perRecipient.values()].filter((n) => n === 1).length).toBe(RECIPIENTS - duplicated.length);
		console.log(`crash test: ${atKill} mails before the kill, ${inFlight.length} in flight, ${duplicated.length} sent twice`);
	});
});
