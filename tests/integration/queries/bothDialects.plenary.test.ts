// On both databases: each query runs on the demo in SQLite and on a PostgreSQL copy of it, and must answer the same.
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveSittingMinutes } from '../../../src/lib/server/commands/approveSittingMinutes';
import { assignSittingMinuteTaker } from '../../../src/lib/server/commands/assignSittingMinuteTaker';
import { circulateSittingMinutes } from '../../../src/lib/server/commands/circulateSittingMinutes';
import { hashToken } from '../../../src/lib/server/auth/sessions';
import { sqliteData, type Data } from '../../../src/lib/server/db/client';
import { digestDeliveries, digestSends, digests, newsletterSubscribers, people, resolutions } from '../../../src/lib/server/db/schema';
import { seedDemo } from '../../../src/lib/server/demo/seed';
import { subscriberLinks } from '../../../src/lib/server/newsletter/links';
import { loadActorOn, NotAllowed } from '../../../src/lib/server/policies';
import {
	mySubscriptions,
	pendingSignUp,
	subscriberByLink,
	subscriberData,
	subscriberExport,
	subscriberOverview
} from '../../../src/lib/server/queries/newsletterSubscribers';
import { sendProgress } from '../../../src/lib/server/queries/sendProgress';
import { listSittingMinutesVersions, minuteTakerCandidates, sittingMinutesOverview } from '../../../src/lib/server/queries/sittingMinutes';
import { findResolution, listResolutions, namedChoicesOf, statementsOf } from '../../../src/lib/server/queries/votes';
import {
	attendanceList,
	findAttendanceOn,
	findPlenarySessionOn,
	findSessionByCheckInCodeOn,
	getPlenarySessionOn,
	listPlenarySessions
} from '../../../src/lib/server/queries/plenary';
import { sessionForExport } from '../../../src/lib/server/queries/plenaryExport';
import { plenaryViewOn } from '../../../src/lib/server/queries/plenaryView';
import { speechRecord } from '../../../src/lib/server/queries/speechRecord';
import { sittingResolutionsOn } from '../../../src/lib/server/sittingMinutes/state';
import { copyToPostgres } from '../support/copyToPostgres';
import type { TempData } from '../support/data';
import { tempDatabase } from '../support/db';

// The plenary's and the newsletter's queries moved to the data layer, each run on the demo
// conference in SQLite and on a PostgreSQL copy of it: the same answer on both, and an answer worth
// comparing (not empty). Before the copy the demo gets what it lacks: approved minutes of its
// sitting, failed deliveries and a bouncing address, a sign-up waiting for its confirmation.
const storage = tempDatabase();
const db = storage.db;
let postgres: TempData;
let conferenceId: string;
let sessionId: string;
const CONFIRM_TOKEN = 'bestaetigen-im-test';
beforeAll(async () => {
	conferenceId = (await seedDemo(sqliteData(db.$client), 'http://localhost:3000')).conferenceId;
	sessionId = db.select({ sessionId: resolutions.sessionId }).from(resolutions).get()!.sessionId;
	const office = await actorNamed('Sabine Krüger');
	const taker = (await actorNamed('Lena Maurer')).personId!;
	const where = { conferenceId, sessionId };
	await assignSittingMinuteTaker(sqliteData(db.$client), office, { ...where, personId: taker });
	await circulateSittingMinutes(sqliteData(db.$client), office, where);
	await approveSittingMinutes(sqliteData(db.$client), office, where);

	// The latest issue's send: two addresses refused for good, one for now; one active subscriber bounces.
	const send = db.select({ id: digestSends.id }).from(digestSends).orderBy(asc(digestSends.startedAt)).all().at(-1)!;
	const deliveries = db
		.select({ id: digestDeliveries.id })
		.from(digestDeliveries)
		.where(eq(digestDeliveries.sendId, send.id))
		.orderBy(asc(digestDeliveries.id))
		.all();
	const fail = (id: string, state: 'failed_temporarily' | 'failed_permanently', lastError: string) =>
		db.update(digestDeliveries).set({ state, lastError, attempts: 3 }).where(eq(digestDeliveries.id, id)).run();
	fail(deliveries[0].id, 'failed_permanently', '550 5.1.1 <erste@beispiel.example>: no such user');
	fail(deliveries[1].id, 'failed_permanently', '550 5.1.1 <zweite@beispiel.example>: no such user');
	fail(deliveries[2].id, 'failed_temporarily', '451 4.7.1 try again later');
	const active = db.select({ id: newsletterSubscribers.id }).from(newsletterSubscribers).where(eq(newsletterSubscribers.state, 'active')).get()!;
	db.update(newsletterSubscribers)
		.set({ bouncingSince: new Date(Date.now() - 86_400_000) })
		.where(eq(newsletterSubscribers.id, active.id))
		.run();
	// The sign-up never confirmed gets a link that still holds.
	db.update(newsletterSubscribers)
		.set({ confirmTokenHash: hashToken(CONFIRM_TOKEN), confirmExpiresAt: new Date(Date.now() + 86_400_000) })
		.where(eq(newsletterSubscribers.state, 'pending'))
		.run();
	postgres = await copyToPostgres(db);
}, 180_000);
afterAll(async () => {
	await postgres?.cleanup();
	storage.cleanup();
});

const actorNamed = (name: string) =>
	loadActorOn(sqliteData(db.$client), db.select({ id: people.id }).from(people).where(eq(people.displayName, name)).get()!.id);

/** The query's answer on SQLite, after checking PostgreSQL's copy gives the same. */
async function onBoth<T>(query: (data: Data) => Promise<T>): Promise<T> {
	const fromSqlite = await query(sqliteData(db.$client));
	expect(await query(postgres.data)).toEqual(fromSqlite);
	return fromSqlite;
}

describe('the plenary’s and the newsletter’s queries answer alike on SQLite and PostgreSQL', () => {
	it('votes: the sitting’s resolutions in order, with the roll call by name and the concern with its reason', async () => {
		const listed = await onBoth((data) => listResolutions(data, sessionId));
		expect(listed.map((r) => [r.number, r.kind, r.outcome])).toEqual([
			[1, 'vote', 'adopted'],
			[2, 'consensus', expect.any(String)]
		]);
		const [vote, consensus] = listed;
		expect(vote.tally).toMatchObject({ yes: 10, no: 2, abstain: 1 });
		expect(vote.named).toHaveLength(13);
		expect(vote.named.filter((n) => n.choice === 'no')).toHaveLength(2);
		expect(consensus.statements).toEqual([
			{ name: expect.any(String), choice: 'concerns', statement: expect.stringContaining('Rotationsstellen im Klinikum') }
		]);
		expect(await onBoth((data) => statementsOf(data, consensus.pollId))).toEqual(consensus.statements);
		expect(await onBoth((data) => namedChoicesOf(data, vote.pollId))).toEqual(vote.named);
		// The resolution of one poll reads as it is listed.
		expect(await onBoth((data) => findResolution(data, vote.pollId))).toEqual(vote);
	});

	it('sitting minutes: approved, with the minute-taker and who approved them, the record, the versions, whom the office can name', async () => {
		const overview = await onBoth((data) => sittingMinutesOverview(data, sessionId));
		expect(overview).toMatchObject({
			status: 'approved',
			minuteTakerName: expect.any(String),
			approvedByName: 'Sabine Krüger',
			approvedAt: expect.any(Date),
			record: { number: 2, html: expect.stringContaining('Beschluss Nr. 1') }
		});
		const versions = await onBoth((data) => listSittingMinutesVersions(data, sessionId));
		expect(versions.map((v) => [v.number, v.reason, v.createdByName])).toEqual([
			[2, 'approved', 'Sabine Krüger'],
			[1, 'circulated', 'Sabine Krüger']
		]);
		const candidates = await onBoth((data) => minuteTakerCandidates(data, conferenceId));
		expect(candidates.map((c) => c.displayName)).toContain(overview.minuteTakerName);
		expect(new Set(candidates.map((c) => c.personId)).size).toBe(candidates.length);
	});

	it('sittings: the list with who came, one sitting by conference, by id and by its code, the room’s list, the agenda to print, who spoke', async () => {
		const sessions = await onBoth((data) => listPlenarySessions(data, conferenceId));
		const sitting = sessions.find((s) => s.id === sessionId)!;
		expect(sitting.present).toBeGreaterThan(0);
		expect(typeof sitting.present).toBe('number');
		const found = await onBoth((data) => getPlenarySessionOn(data, conferenceId, sessionId));
		expect(found).toMatchObject({ id: sessionId, conferenceId });
		expect(await onBoth((data) => getPlenarySessionOn(data, 'another-conference', sessionId))).toBeUndefined();
		expect(await onBoth((data) => findPlenarySessionOn(data, sessionId))).toEqual(found);
		expect(await onBoth((data) => findSessionByCheckInCodeOn(data, found!.checkInCode))).toEqual(found);

		const room = await onBoth((data) => attendanceList(data, conferenceId, sessionId));
		expect(room.filter((row) => row.checkedInAt)).toHaveLength(sitting.present);
		const someone = room.find((row) => row.checkedInAt)!;
		expect(await onBoth((data) => findAttendanceOn(data, sessionId, someone.personId))).toMatchObject({ personId: someone.personId });

		const exported = await onBoth((data) => sessionForExport(data, conferenceId, sessionId));
		expect(exported).toMatchObject({ agendaBroken: false, conference: { id: conferenceId } });
		expect(exported!.items.length).toBeGreaterThan(0);
		const speeches = await onBoth((data) => speechRecord(data, sessionId));
		// The demo's sitting has no speeches logged: its record is there and empty on both.
		expect(speeches).toEqual(expect.any(Array));
		const view = await onBoth((data) => plenaryViewOn(data, sessionId));
		expect(view!.agenda.map((item) => item.title)).toEqual(exported!.items.map((item) => item.title));
		const resolutionsOfSitting = await onBoth((data) => sittingResolutionsOn(data, sessionId));
		expect(resolutionsOfSitting.map((r) => r.number)).toEqual([1, 2]);
	});

	it('send progress: sent, failed and waiting per edition as numbers, the relay’s answers with or without addresses, the bouncing address', async () => {
		const latest = db.select({ digestId: digestSends.digestId }).from(digestSends).orderBy(asc(digestSends.startedAt)).all().at(-1)!;
		const forOffice = await onBoth((data) => sendProgress(data, latest.digestId, { withAddresses: true }));
		const all = forOffice.editions.find((e) => e.edition === 'all')!;
		expect(all).toMatchObject({ failedPermanently: 2, failedTemporarily: 1, waiting: 0 });
		expect(all.sent).toBeGreaterThan(0);
		expect(all.total).toBe(forOffice.send!.total);
		expect(forOffice.send).toMatchObject({ state: 'done', startedAt: expect.any(Date), finishedAt: expect.any(Date) });
		expect(forOffice.bouncing).toBe(1);
		expect(forOffice.failedAddresses.map((f) => [f.state, f.attempts])).toEqual([
			['failed_temporarily', 3],
			['failed_permanently', 3],
			['failed_permanently', 3]
		]);
		expect(forOffice.errors).toHaveLength(3);
		const forEditors = await onBoth((data) => sendProgress(data, latest.digestId, { withAddresses: false }));
		// Without the addresses the two refusals read alike and are counted as one answer.
		expect(forEditors.errors).toEqual([
			{ error: '550 5.1.1 <…>: no such user', count: 2 },
			{ error: '451 4.7.1 try again later', count: 1 }
		]);
		expect(forEditors.failedAddresses).toEqual([]);
		const draft = db.select({ id: digests.id }).from(digests).where(eq(digests.state, 'draft')).get()!;
		expect(await onBoth((data) => sendProgress(data, draft.id, { withAddresses: true }))).toMatchObject({ send: null, editions: [] });
	});

	it('subscribers: the office’s counts as numbers, a search typed as it is, the export; others may not', async () => {
		const office = await actorNamed('Sabine Krüger');
		const overview = await onBoth((data) => subscriberOverview(data, office, conferenceId));
		expect(overview.total).toBe(32);
		expect(overview.counts.reduce((n, c) => n + c.n, 0)).toBe(32);
		expect(overview.counts.every((c) => typeof c.n === 'number')).toBe(true);
		expect(overview.subscribers[0]).toMatchObject({ state: 'active', consents: expect.arrayContaining([expect.objectContaining({ event: 'confirmed' })]) });
		const found = await onBoth((data) => subscriberOverview(data, office, conferenceId, { search: ' HANNA.' }));
		expect(found.subscribers.map((s) => [s.email, s.state])).toEqual([['hanna.marx@beispiel.example', 'unsubscribed']]);
		expect((await onBoth((data) => subscriberOverview(data, office, conferenceId, { search: '%' }))).total).toBe(0);
		expect((await onBoth((data) => subscriberExport(data, office, conferenceId))).length).toBe(32);
		await expect(subscriberOverview(postgres.data, await actorNamed('Lena Maurer'), conferenceId)).rejects.toThrow(NotAllowed);
	});

	it('subscribers: a personal link, its data to download, a sign-up waiting for its confirmation, a member’s own subscriptions', async () => {
		const row = db.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.state, 'active')).orderBy(asc(newsletterSubscribers.email)).get()!;
		const token = subscriberLinks(db, 'https://ratschlag.example', row).preferences.split('/').at(-1)!;
		const linked = await onBoth((data) => subscriberByLink(data, db, token));
		expect(linked).toMatchObject({ id: row.id, email: row.email, conferenceName: expect.any(String) });
		expect(await onBoth((data) => subscriberByLink(data, db, token.slice(0, -2) + 'AA'))).toBeNull();
		const mine = await onBoth((data) => subscriberData(data, linked!));
		expect(mine.consentLog.map((e) => e.event)).toEqual(expect.arrayContaining(['signed_up', 'confirmed']));
		expect(await onBoth((data) => pendingSignUp(data, CONFIRM_TOKEN))).toMatchObject({ edition: 'standard', conferenceName: linked!.conferenceName });
		expect(await onBoth((data) => pendingSignUp(data, 'anders'))).toBeNull();
		const member = db
			.select({ personId: newsletterSubscribers.personId })
			.from(newsletterSubscribers)
			.where(and(eq(newsletterSubscribers.conferenceId, conferenceId), isNotNull(newsletterSubscribers.personId)))
			.get()!;
		expect(await onBoth(async (data) => mySubscriptions(data, await loadActorOn(sqliteData(db.$client), member.personId!)))).toEqual([
			{ conferenceId, conferenceName: linked!.conferenceName, hasEmail: true, state: 'active', edition: 'standard' }
		]);
	});
});
