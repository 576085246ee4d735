import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import { digestDeliveries, digestSends, groupMemberships, jobs, newsletterSubscribers, people, workingGroups } from '../../src/lib/server/db/schema';
import { countRecipients } from '../../src/lib/server/newsletter/sending/recipients';
import { tempDatabase } from './support/db';
import { seedConference, seedPublishedDigest, seedSubscribers, startSend } from './support/newsletterSend';

let t: ReturnType<typeof tempDatabase>;
let db: Db;

beforeAll(() => {
	t = tempDatabase();
	db = t.db;
});
afterAll(() => t.cleanup());

describe('recipients', () => {
	it('are the active, not bouncing subscribers; for a group, those whose person has a role in it', () => {
		const conference = seedConference(db);
		const [a, b, c, d] = seedSubscribers(db, conference.id, 6, { easyEvery: 2, prefix: 'r' });
		db.update(newsletterSubscribers).set({ bouncingSince: new Date() }).where(eq(newsletterSubscribers.id, a)).run();
		db.update(newsletterSubscribers).set({ state: 'unsubscribed', unsubscribedAt: new Date() }).where(eq(newsletterSubscribers.id, b)).run();
		db.run(
			sql`INSERT INTO newsletter_subscribers (id, conference_id, email, state, created_at) VALUES ('pendingone', ${conference.id}, 'p@example.org', 'pending', 0)`
		);
		expect(countRecipients(db, conference.id, null)).toEqual({ standard: 2, easy: 2 });

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
		expect(countRecipients(db, conference.id, group.id)).toEqual({ standard: 1, easy: 0 });
	});

	it('a send fixes 10,000 deliveries and its job in one transaction, well under a second', () => {
		const conference = seedConference(db);
		seedSubscribers(db, conference.id, 10_000, { easyEvery: 4, prefix: 'big' });
		const digest = seedPublishedDigest(db, conference.id);
		const started = performance.now();
		const send = startSend(db, digest, 'https://ratschlag.example:8443');
		const elapsed = performance.now() - started;
		expect(send).toMatchObject({ total: 10_000, perEdition: { standard: 7500, easy: 2500 } });
		expect(elapsed).toBeLessThan(1000);
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

	it('a digest without recipients gets a send that is done at once', () => {
		const conference = seedConference(db);
		const send = startSend(db, seedPublishedDigest(db, conference.id));
		expect(send.total).toBe(0);
		expect(db.select().from(digestSends).where(eq(digestSends.id, send.sendId)).get()?.state).toBe('done');
	});
});
