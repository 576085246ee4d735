import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first } from '../../src/lib/server/db/client';
import { builtServerOn } from './support/builtServerOn';
import { DIALECTS } from './support/data';
import { seedConference, seedPublishedDigest, seedSubscribers, startSend } from './support/newsletterSend';
import { startSmtpSink } from './support/smtpSink';

/**
 * kill -9 of the production server in the middle of a 2,000-recipient send, then a restart: every
 * recipient has exactly one mail, except the few that were in flight (marked `sending`) at the
 * instant of the kill, whose second copy carries the same Message-ID. The server on a SQLite file
 * and on a PostgreSQL database; this test process writes and reads beside it, as another process
 * of ours would.
 */
const RECIPIENTS = 2000;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

const until = async (what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number) => {
	const deadline = Date.now() + timeoutMs;
	while (!(await ok())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 5));
	}
};

beforeAll(async () => {
	sink = await startSmtpSink();
});
afterAll(async () => {
	await sink.close();
});

describe.each(DIALECTS)('a send killed with SIGKILL half-way on %s', (dialect) => {
	const env = {
		SEED_DEMO: 'false',
		NEWSLETTER_RATE_PER_SECOND: '0',
		NEWSLETTER_RATE_PER_HOUR: '0',
		// A lease that ends soon after the kill, and a runner that looks often: the restart picks the send up at once.
		JOBS_LEASE_MS: '3000',
		JOBS_POLL_MS: '200'
	};
	const on = builtServerOn(dialect, { env: () => ({ ...env, SMTP_URL: sink.url }) });
	beforeAll(() => {
		sink.mails.length = 0;
	});

	it('resumes after the restart: one mail per recipient, in-flight duplicates only, with their Message-ID', { timeout: 240_000 }, async () => {
		const { data } = on;
		const { digestDeliveries, digestSends } = data.t;
		const [killed] = on.servers;
		const conference = await seedConference(data);
		await seedSubscribers(data, conference.id, RECIPIENTS, { easyEvery: 5, prefix: 'crash' });
		const send = await startSend(data, await seedPublishedDigest(data, conference.id), killed.origin);

		// In the middle of a batch: some of it arrived, the rest is under way.
		await until('half of the mails', () => sink.mails.length >= RECIPIENTS / 2 + 17, 120_000);
		await killed.kill();
		const inFlight = (
			await data.q
				.select({ messageId: digestDeliveries.messageId })
				.from(digestDeliveries)
				.where(and(eq(digestDeliveries.sendId, send.sendId), eq(digestDeliveries.state, 'sending')))
		).map((r) => r.messageId);
		const atKill = sink.mails.length;
		expect(atKill).toBeLessThan(RECIPIENTS);

		await on.serve({ port: killed.port });
		const state = async () => first(await data.q.select({ state: digestSends.state }).from(digestSends).where(eq(digestSends.id, send.sendId)))!.state;
		await until('the send to finish', async () => (await state()) === 'done', 180_000);

		const deliveries = await data.q
			.select({ state: digestDeliveries.state, messageId: digestDeliveries.messageId })
			.from(digestDeliveries)
			.where(eq(digestDeliveries.sendId, send.sendId));
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
		console.log(`crash test on ${dialect}: ${atKill} mails before the kill, ${inFlight.length} in flight, ${duplicated.length} sent twice`);
	});
});
