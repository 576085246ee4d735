import { and, eq, ne } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestDoc } from '../../src/lib/collab/kinds/digest';
import { bodyHtml } from '../../src/lib/minutes/render';
import { readDocumentOn } from '../../src/lib/server/collab/readDocument';
import { createDigest } from '../../src/lib/server/commands/createDigest';
import { insertSuggestion } from '../../src/lib/server/commands/insertSuggestion';
import type { Data } from '../../src/lib/server/db/client';
import { lockForUpdate } from '../../src/lib/server/db/locks';
import { transactOn } from '../../src/lib/server/effects';
import { newId } from '../../src/lib/server/ids';
import { listSuggestions } from '../../src/lib/server/newsletter/suggestions';
import { claimDue, recordOutcomes, type Outcome } from '../../src/lib/server/newsletter/sending/deliveries';
import { sendJobKey } from '../../src/lib/server/newsletter/sending/jobKey';
import { startSendInOn } from '../../src/lib/server/newsletter/sending/recipients';
import { runSendSlice } from '../../src/lib/server/newsletter/sending/runSend';
import { closeRelay } from '../../src/lib/server/newsletter/sending/transport';
import type { Actor } from '../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from './support/data';
import { refusalOf } from './support/errors';
import { startSmtpSink } from './support/smtpSink';
import { useJobsSecret } from './support/jobsSecret';

/**
 * The newsletter's suggestion sources, `insertSuggestion` and a slice of the sending engine on the
 * data layer, on both databases; on PostgreSQL, two instances inserting the same suggestion at once
 * (the unique key lets one through) and a slice that delivers each mail once.
 */
const ORIGIN = 'https://ratschlag.example';
const DAY = 86_400_000;

const editor: Actor = {
	personId: 'ed',
	isPlatformAdmin: false,
	hasAccount: true,
	conferences: new Map([['north', { roles: new Set(['newsletter_editor'] as const), memberStatus: null }]]),
	groups: new Map()
};

async function seed(data: Data) {
	const { q, t } = data;
	const now = Date.now();
	await q.insert(t.people).values([{ id: 'ed', displayName: 'Edith', email: 'edith@example.org' }]);
	await q.insert(t.conferences).values([{ id: 'north', name: 'Nord', region: 'Kreis Nord' }]);
	await q.insert(t.conferenceMemberships).values([{ conferenceId: 'north', personId: 'ed', role: 'newsletter_editor' }]);
	await q.insert(t.workingGroups).values([{ id: 'g1', conferenceId: 'north', name: 'AG Pflege' }]);
	await q.insert(t.groupMeetings).values([
		{ id: 'soon', groupId: 'g1', title: 'Bald', startsAt: new Date(now + 10 * DAY), durationMinutes: 90, place: 'Rathaus', agenda: [] },
		{ id: 'late', groupId: 'g1', title: 'Zu spät', startsAt: new Date(now + 75 * DAY), durationMinutes: 90, place: 'Rathaus', agenda: [] }
	]);
	await q
		.insert(t.plenarySessions)
		.values([{ id: 's1', conferenceId: 'north', title: 'Plenum im Frühling', startsAt: new Date(now + 5 * DAY), place: 'Kreishaus', checkInCode: 'CODE1' }]);
}

describe.each(DIALECTS)('the newsletter on %s', (dialect) => {
	let db: TempData;
	let data: Data;

	// On SQLite the links are signed with the key file next to the database, as in production.
	if (dialect === 'postgres') useJobsSecret();
	beforeAll(async () => {
		db = await tempData(dialect);
		data = db.data;
		await seed(data);
	});
	afterAll(async () => {
		await db.cleanup();
	});

	it('offers meetings and sittings of the next 60 days, not later ones; an inserted one is offered no more', async () => {
		const offered = await listSuggestions(data, 'north');
		expect(offered.map((s) => `${s.sourceKind}:${s.sourceId}`).sort()).toEqual(['meeting:soon', 'plenary_session:s1']);
		expect(offered.find((s) => s.sourceId === 'soon')).toMatchObject({ title: 'Bald (AG Pflege)', href: '/conferences/north/groups/g1/meetings/soon' });

		const draft = await createDigest(data, editor, { conferenceId: 'north', title: 'Ausgabe 1' });
		const inserted = await insertSuggestion(data, editor, { digestId: draft.id, sourceKind: 'plenary_session', sourceId: 's1', origin: ORIGIN });
		expect(inserted.title).toBe('Plenum im Frühling');
		expect((await listSuggestions(data, 'north')).map((s) => s.sourceId)).toEqual(['soon']);
		expect(await refusalOf(insertSuggestion(data, editor, { digestId: draft.id, sourceKind: 'plenary_session', sourceId: 's1', origin: ORIGIN }))).toBe(
			'digest_suggestion_gone'
		);
		const html = await readDocumentOn(data, digestDoc(draft.id), bodyHtml);
		expect(html.match(/Plenum im Frühling/g)).toHaveLength(1);
		const { auditLog, digestSuggestionsUsed } = data.t;
		expect(await data.q.select().from(digestSuggestionsUsed).where(eq(digestSuggestionsUsed.sourceId, 's1'))).toHaveLength(1);
		expect(await data.q.select().from(auditLog).where(eq(auditLog.action, 'digest.insertSuggestion'))).toHaveLength(1);
	});

	it.runIf(dialect === 'postgres')('two instances insert the same suggestion at once: one block, one mark, the other refused', async () => {
		const other = await db.another();
		const draft = await createDigest(data, editor, { conferenceId: 'north', title: 'Ausgabe 2' });
		const results = await Promise.allSettled(
			[data, other].map((handle) => insertSuggestion(handle, editor, { digestId: draft.id, sourceKind: 'meeting', sourceId: 'soon', origin: ORIGIN }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason).toMatchObject({ code: 'digest_suggestion_gone' });
		const html = await readDocumentOn(data, digestDoc(draft.id), bodyHtml);
		expect(html.match(/Bald \(AG Pflege\)/g)).toHaveLength(1);
		const { digestSuggestionsUsed } = data.t;
		expect(await data.q.select().from(digestSuggestionsUsed).where(eq(digestSuggestionsUsed.sourceId, 'soon'))).toHaveLength(1);
	});

	describe('a send slice', () => {
		let sink: Awaited<ReturnType<typeof startSmtpSink>>;
		afterEach(async () => {
			closeRelay();
			delete process.env.SMTP_URL;
			await sink?.close();
		});

		it('delivers each recipient one mail with its Message-ID and finishes the send', async () => {
			sink = await startSmtpSink();
			process.env.SMTP_URL = sink.url;
			const { q, t } = data;
			const count = 130;
			await q.insert(t.newsletterSubscribers).values(
				Array.from({ length: count }, (_, i) => ({
					id: newId(),
					conferenceId: 'north',
					email: `leser${i + 1}@example.org`,
					edition: i % 3 === 0 ? ('easy' as const) : ('standard' as const),
					state: 'active' as const,
					confirmedAt: new Date()
				}))
			);
			const [digest] = await q
				.insert(t.digests)
				.values({
					conferenceId: 'north',
					number: 1,
					title: 'Ausgabe 1',
					state: 'published',
					publishedAt: new Date(),
					htmlStandard: '<p>Die Empfehlung ist angenommen.</p>',
					textStandard: 'Die Empfehlung ist angenommen.',
					htmlEasy: '<p>Die Pflege soll besser werden.</p>',
					textEasy: 'Die Pflege soll besser werden.'
				})
				.returning();
			const started = await transactOn(data, (tx, effects) =>
				startSendInOn(data, tx, effects, {
					digestId: digest.id,
					conferenceId: 'north',
					audienceGroupId: null,
					actorPersonId: null,
					origin: 'http://127.0.0.1:9',
					now: new Date()
				})
			);
			expect(started.total).toBe(count);
			const job = (
				await q
					.select()
					.from(t.jobs)
					.where(and(eq(t.jobs.key, sendJobKey(started.sendId)), ne(t.jobs.state, 'done')))
			)[0];
			await q.update(t.jobs).set({ state: 'running' }).where(eq(t.jobs.id, job.id));
			await runSendSlice(
				data,
				{ sendId: started.sendId, origin: 'http://127.0.0.1:9', jobId: job.id, signal: new AbortController().signal },
				{ perSecond: 0, perHour: 0, batchSize: 25, sliceMs: 20_000 }
			);

			const deliveries = await q.select().from(t.digestDeliveries).where(eq(t.digestDeliveries.sendId, started.sendId));
			expect(deliveries.every((d) => d.state === 'sent' && d.attempts === 1 && d.sentAt !== null)).toBe(true);
			expect(sink.mails).toHaveLength(count);
			expect(new Set(sink.mails.map((m) => m.to)).size).toBe(count);
			expect(sink.mails.map((m) => m.messageId).sort()).toEqual(deliveries.map((d) => d.messageId).sort());
			const [send] = await q.select().from(t.digestSends).where(eq(t.digestSends.id, started.sendId));
			expect(send).toMatchObject({ state: 'done', consecutiveFailures: 0 });
			expect(send.finishedAt).not.toBeNull();
		});

		it.runIf(dialect === 'postgres')('two batches recording failures at once count every one towards the pause', async () => {
			const { q, t } = data;
			await q.insert(t.newsletterSubscribers).values(
				Array.from({ length: 12 }, (_, i) => ({
					id: newId(),
					conferenceId: 'north',
					email: `fehler${i + 1}@example.org`,
					edition: 'standard' as const,
					state: 'active' as const,
					confirmedAt: new Date()
				}))
			);
			const [digest] = await q
				.insert(t.digests)
				.values({
					conferenceId: 'north',
					number: 2,
					title: 'Ausgabe 2',
					state: 'published',
					publishedAt: new Date(),
					htmlStandard: '<p>x</p>',
					textStandard: 'x'
				})
				.returning();
			const started = await transactOn(data, (tx, effects) =>
				startSendInOn(data, tx, effects, {
					digestId: digest.id,
					conferenceId: 'north',
					audienceGroupId: null,
					actorPersonId: null,
					origin: ORIGIN,
					now: new Date()
				})
			);
			const now = Date.now() + 1000;
			const first = await claimDue(data, started.sendId, now, 6);
			const second = await claimDue(data, started.sendId, now, 6);
			expect([first.length, second.length]).toEqual([6, 6]);
			const failed = (batch: typeof first): Outcome[] =>
				batch.map((d) => ({ id: d.id, subscriberId: d.subscriberId, result: 'temporary', error: '451 try again later' }));
			const policy = { now, maxAttempts: 5, retryDelay: () => 60_000, pauseAfterFailures: 100, bouncingAfter: 3 };
			const other = await db.another();
			// A third instance holds the send's row while both batches record: each has written its
			// deliveries and waits for the row, then counts on from what the other left.
			const holder = await db.another();
			let release!: () => void;
			const released = new Promise<void>((resolve) => (release = resolve));
			let held!: () => void;
			const isHeld = new Promise<void>((resolve) => (held = resolve));
			const holding = holder.transaction(async (tx) => {
				await lockForUpdate(holder, tx, holder.t.digestSends, started.sendId);
				held();
				await released;
			});
			await isHeld;
			const recording = Promise.all([
				recordOutcomes(data, started.sendId, failed(first), new Map(), policy),
				recordOutcomes(other, started.sendId, failed(second), new Map(), policy)
			]);
			await new Promise((resolve) => setTimeout(resolve, 300));
			release();
			await holding;
			await recording;
			const [send] = await q.select().from(t.digestSends).where(eq(t.digestSends.id, started.sendId));
			expect(send.consecutiveFailures).toBe(12);
		});
	});
});
