// On both databases: each query runs on the demo in SQLite and on a PostgreSQL copy of it, and must answer the same.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteData, type Data } from '../../../src/lib/server/db/client';
import { claims, invitationCampaigns, people } from '../../../src/lib/server/db/schema';
import { seedDemo } from '../../../src/lib/server/demo/seed';
import { loadActorOn } from '../../../src/lib/server/policies';
import { claimDetail } from '../../../src/lib/server/queries/claimDetail';
import { claimFilterOptions, listClaims, yearFigures } from '../../../src/lib/server/queries/claimsOverview';
import { hasMyMoney, myClaim, myClaims, requireMyClaim } from '../../../src/lib/server/queries/myClaims';
import { answerPageByLink, answerPageFor, ownInvitations } from '../../../src/lib/server/queries/invitationAnswers';
import { invitationLogistics } from '../../../src/lib/server/queries/invitationLogistics';
import { invitationChoices, invitationRecipients, invitationRoundCounts, listInvitationRounds } from '../../../src/lib/server/queries/invitationRounds';
import { eligiblePeople, payeeOf, receivesBenefits } from '../../../src/lib/server/queries/payees';
import { payoutBatch, payoutOverview } from '../../../src/lib/server/queries/payouts';
import { copyToPostgres } from '../support/copyToPostgres';
import type { TempData } from '../support/data';
import { tempDatabase } from '../support/db';

// The allowance and invitation queries moved to the data layer, each run on the demo conference in SQLite and on
// a PostgreSQL copy of it: the same answer on both, and an answer worth comparing (not empty).
// The demo's claims stand in every step (paid in a batch, released, approved, submitted, drafts,
// rejected, cancelled), so sums, limits and histories have something to add up.
const storage = tempDatabase();
const db = storage.db;
let postgres: TempData;
let conferenceId: string;
// Answer links are signed with JOBS_SECRET on PostgreSQL (no key file next to a database there).
const secretBefore = process.env.JOBS_SECRET;
beforeAll(async () => {
	process.env.JOBS_SECRET = 'both dialects, one key';
	conferenceId = (await seedDemo(sqliteData(db.$client), 'http://localhost:3000')).conferenceId;
	postgres = await copyToPostgres(db);
}, 120_000);
afterAll(async () => {
	if (secretBefore === undefined) delete process.env.JOBS_SECRET;
	else process.env.JOBS_SECRET = secretBefore;
	await postgres?.cleanup();
	storage.cleanup();
});

const personIdOf = (name: string) => db.select({ id: people.id }).from(people).where(eq(people.displayName, name)).get()!.id;
const actorNamed = (name: string) => loadActorOn(sqliteData(db.$client), personIdOf(name));
const claimsOf = (name: string, status: (typeof claims.$inferSelect)['status']) =>
	db
		.select()
		.from(claims)
		.where(and(eq(claims.personId, personIdOf(name)), eq(claims.status, status)))
		.all();

/** The query's answer on SQLite, after checking PostgreSQL's copy gives the same. */
async function onBoth<T>(query: (data: Data) => Promise<T>): Promise<T> {
	const fromSqlite = await query(sqliteData(db.$client));
	expect(await query(postgres.data)).toEqual(fromSqlite);
	return fromSqlite;
}

describe('allowance queries on the data layer answer alike on SQLite and PostgreSQL', () => {
	it("the office's overview: every year's claims with their amounts as numbers, the year's figures and budget, the filters", async () => {
		const [{ year }] = db.select({ year: claims.year }).from(claims).where(eq(claims.status, 'submitted')).all();
		const options = await onBoth((data) => claimFilterOptions(data, conferenceId, year));
		expect(options.years).toContain(year);
		expect(options.claimants.map((c) => c.name)).toEqual(expect.arrayContaining(['Ahmad Nouri', 'Jürgen Albrecht', 'Lena Maurer']));
		expect(options.meetings.length).toBeGreaterThan(1);

		let listed = 0;
		for (const y of options.years) {
			const list = await onBoth((data) => listClaims(data, conferenceId, { year: y }));
			listed += list.total;
			expect(list.rows.every((r) => typeof r.claimedCents === 'number' && typeof r.approvedCents === 'number')).toBe(true);
		}
		expect(listed).toBe(db.select().from(claims).where(eq(claims.conferenceId, conferenceId)).all().length);

		const list = await onBoth((data) => listClaims(data, conferenceId, { year }));
		const submitted = list.rows.find((r) => r.status === 'submitted')!;
		expect(submitted).toMatchObject({ personName: 'Ahmad Nouri', claimedCents: expect.any(Number) });
		expect(submitted.claimedCents).toBeGreaterThan(640);
		const onlyAhmad = await onBoth((data) => listClaims(data, conferenceId, { year, personId: personIdOf('Ahmad Nouri'), status: 'submitted' }));
		expect(onlyAhmad.rows.map((r) => r.id)).toEqual([submitted.id]);
		const oneMeeting = await onBoth((data) => listClaims(data, conferenceId, { year, meeting: options.meetings[0].key }));
		expect(oneMeeting.total).toBeGreaterThan(0);

		const figures = await onBoth((data) => yearFigures(data, conferenceId, year));
		expect(figures.budgetCents).toBe(600_000);
		expect(figures.submittedCents).toBeGreaterThan(0);
		expect(figures.approvedCents + figures.releasedCents).toBeGreaterThan(0);
		expect(Object.values(figures).every((v) => typeof v === 'number')).toBe(true);
	});

	it('one claim for the office: a submitted one with its lines, amounts, limits and history; a rejected one with who decided', async () => {
		const [waiting] = claimsOf('Ahmad Nouri', 'submitted');
		const detail = await onBoth((data) => claimDetail(data, conferenceId, waiting.id));
		expect(detail).toMatchObject({ personName: 'Ahmad Nouri', claim: { id: waiting.id, status: 'submitted' } });
		expect(detail!.lines.map((l) => l.kind)).toContain('ticket');
		expect(detail!.claimedCents).toBeGreaterThan(0);
		expect(detail!.openCents).toBe(detail!.claimedCents);
		// Ahmad Nouri receives social benefits: both limits are measured.
		expect(detail!.limits?.standings.map((s) => s.kind)).toEqual(['yearly', 'benefits']);
		expect(detail!.history.map((h) => h.action)).toContain('claim.submit');

		const [released] = claimsOf('Ahmad Nouri', 'released');
		const decided = await onBoth((data) => claimDetail(data, conferenceId, released.id));
		expect(decided).toMatchObject({ approverName: 'Sabine Krüger', releaserName: expect.any(String), limits: null });
		expect(decided!.approvedCents).toBeGreaterThan(0);
		expect(await onBoth((data) => claimDetail(data, 'elsewhere', released.id))).toBeNull();
	});

	it("a person's own money: their claims with amounts and reasons, their standing against the limits, one claim", async () => {
		const lena = await actorNamed('Lena Maurer');
		expect(await onBoth((data) => hasMyMoney(data, lena))).toBe(true);
		const mine = await onBoth((data) => myClaims(data, lena));
		expect(mine.claims.map((c) => c.status)).toEqual(expect.arrayContaining(['draft', 'rejected']));
		expect(mine.claims.find((c) => c.status === 'rejected')!.reasons[0]).toMatch(/nur einmal/);
		expect(mine.standings.length).toBeGreaterThan(0);
		expect(mine.standings[0]).toMatchObject({ conferenceName: expect.any(String), totalCents: expect.any(Number) });

		const ahmad = await actorNamed('Ahmad Nouri');
		const his = await onBoth((data) => myClaims(data, ahmad));
		expect(his.standings.flatMap((s) => s.limits.map((l) => l.kind))).toContain('benefits');
		expect(his.standings.some((s) => s.totalCents > 0 && s.pendingCents > 0)).toBe(true);

		const [draft] = claimsOf('Lena Maurer', 'draft');
		expect(await onBoth((data) => requireMyClaim(data, lena, draft.id))).toMatchObject({ conferenceId, personId: lena.personId });
		const one = await onBoth((data) => myClaim(data, lena, draft.id));
		expect(one.claim).toMatchObject({ id: draft.id, status: 'draft' });
		expect(one.claim.amountCents).toBeGreaterThan(0);
		expect(one.lines.length).toBeGreaterThan(0);
		expect(one.can).toEqual({ edit: true, submit: true });
		// Someone else's claim is refused on both.
		for (const data of [sqliteData(db.$client), postgres.data]) await expect(myClaim(data, ahmad, draft.id)).rejects.toThrow();
	});

	it("payees: a person's account with the IBAN formatted and masked, the benefits flag with its consent, everyone eligible", async () => {
		const payee = await onBoth((data) => payeeOf(data, conferenceId, personIdOf('Lena Maurer')));
		expect(payee).toMatchObject({ eligible: true, accountHolder: 'Karin Maurer', iban: 'DE75 1203 0000 1020 3040 50' });
		expect(payee!.ibanMasked).toMatch(/^DE75 •/);
		const benefits = await onBoth((data) => receivesBenefits(data, conferenceId, personIdOf('Ahmad Nouri')));
		expect(benefits).toMatchObject({ receivesBenefits: true, consentRecordedAt: expect.any(Date) });
		expect(await onBoth((data) => receivesBenefits(data, conferenceId, personIdOf('Lena Maurer')))).toBeNull();
		const eligible = await onBoth((data) => eligiblePeople(data, conferenceId));
		expect(eligible.map((p) => [p.displayName, p.hasIban])).toEqual([
			['Ahmad Nouri', true],
			['Jürgen Albrecht', true],
			['Lena Maurer', true]
		]);
	});

	it('payouts: the claims ready to pay with their amounts, the batches so far, one batch with the claims it paid', async () => {
		const office = await actorNamed('Sabine Krüger');
		const overview = await onBoth((data) => payoutOverview(data, office, conferenceId));
		expect(overview.hasPayoutAccount).toBe(true);
		expect(overview.ready.map((c) => c.personName)).toContain('Ahmad Nouri');
		expect(overview.ready.every((c) => c.amountCents > 0 && c.hasAccount)).toBe(true);
		expect(overview.batches.length).toBeGreaterThan(0);
		const [latest] = overview.batches;
		const batch = await onBoth((data) => payoutBatch(data, office, conferenceId, latest.id));
		expect(batch!.claims.length).toBe(latest.transferCount);
		expect(batch!.claims.map((c) => c.personName).sort()).toEqual(['Jürgen Albrecht', 'Lena Maurer']);
		expect(batch!.claims.every((c) => /^\d{4}-\d{4}$/.test(c.reference) && c.hasAccount)).toBe(true);
		expect(batch!.claims.every((c) => c.paidAt !== null)).toBe(true);
		expect(await onBoth((data) => payoutBatch(data, office, conferenceId, 'nothing'))).toBeNull();
	});

	it("invitation rounds: the office's list with its date and the answers counted as numbers, one round's counts and recipients, the choices for a new one", async () => {
		const rounds = await onBoth((data) => listInvitationRounds(data, conferenceId));
		expect(rounds.length).toBeGreaterThan(0);
		const [round] = rounds;
		expect(round.date).toMatchObject({ target: 'plenary', title: expect.any(String) });
		expect(round.sentAt).not.toBeNull();
		// The demo's round is full, three wait, some said no or maybe, two stay silent.
		expect(round.counts).toMatchObject({ waiting: expect.any(Number), open: expect.any(Number) });
		expect(Object.values(round.counts).every((n) => typeof n === 'number')).toBe(true);
		expect(round.counts.yes).toBeGreaterThan(0);
		expect(round.counts.no).toBeGreaterThan(0);
		expect(round.counts.waiting).toBeGreaterThan(0);
		expect(round.counts.invited).toBe(round.counts.yes + round.counts.waiting + round.counts.no + round.counts.maybe + round.counts.open);

		expect(await onBoth((data) => invitationRoundCounts(data, round.id))).toEqual(round.counts);
		expect(await onBoth((data) => invitationRoundCounts(data, 'nothing'))).toEqual({ invited: 0, yes: 0, waiting: 0, no: 0, maybe: 0, open: 0 });
		const recipients = await onBoth((data) => invitationRecipients(data, round.id));
		expect(recipients.length).toBe(round.counts.invited);
		expect(recipients.every((r) => typeof r.hasEmail === 'boolean')).toBe(true);
		expect(recipients.some((r) => r.hasEmail)).toBe(true);
		expect(recipients.map((r) => r.name)).toContain('Lena Maurer');

		const choices = await onBoth((data) => invitationChoices(data, conferenceId));
		expect(choices.sittings.length + choices.meetings.length).toBeGreaterThan(0);
		expect(choices.groups.map((g) => g.name)).toContain('AG Zugang für alle');
		expect(choices.sectors.length).toBeGreaterThan(0);
	});

	it("a date's logistics for the office: the totals to book by, the waiting list in order, each person's needs", async () => {
		const office = await actorNamed('Sabine Krüger');
		const [campaign] = db.select().from(invitationCampaigns).where(eq(invitationCampaigns.conferenceId, conferenceId)).all();
		const view = await onBoth((data) => invitationLogistics(data, office, conferenceId, campaign.id));
		expect(view!.date.target).toBe('plenary');
		expect(view!.waiting.length).toBeGreaterThan(0);
		expect(view!.waiting.map((p) => p.position)).toEqual(view!.waiting.map((_, i) => i + 1));
		expect(view!.totals.yes).toBeGreaterThan(0);
		expect(view!.people.find((p) => p.name === 'Jürgen Albrecht')!.needs.map((n) => n.need)).toContain('wheelchair');
		expect(view!.people.find((p) => p.name === 'Lena Maurer')!.needs.length).toBeGreaterThan(0);
		// The needs are health data: anyone but the office is refused on both.
		for (const data of [sqliteData(db.$client), postgres.data])
			await expect(invitationLogistics(data, await actorNamed('Lena Maurer'), conferenceId, campaign.id)).rejects.toThrow();
	});

	it("answers: a person's own invitations with their links, the answer page by link and for the office, the waiting position", async () => {
		const lena = await actorNamed('Lena Maurer');
		const own = await onBoth((data) => ownInvitations(data, lena));
		expect(own.length).toBeGreaterThan(0);
		expect(own[0]).toMatchObject({ answer: 'yes', href: expect.stringMatching(/^\/antwort\/.+/) });
		const token = own[0].href.slice('/antwort/'.length);
		const page = await onBoth((data) => answerPageByLink(data, token));
		expect(page).toMatchObject({ personName: 'Lena Maurer', answer: 'yes', invitationId: own[0].id, prefersEasyLanguage: expect.any(Boolean) });
		expect(page!.needs.length).toBeGreaterThan(0);
		expect(await onBoth((data) => answerPageByLink(data, `${token}x`))).toBeNull();

		const office = await actorNamed('Sabine Krüger');
		const [campaign] = db.select().from(invitationCampaigns).where(eq(invitationCampaigns.conferenceId, conferenceId)).all();
		const logistics = await onBoth((data) => invitationLogistics(data, office, conferenceId, campaign.id));
		const [first] = logistics!.waiting;
		expect(await onBoth((data) => answerPageFor(data, office, first.invitationId))).toMatchObject({ place: 'waiting', waitingPosition: 1 });

		// Without JOBS_SECRET a link on PostgreSQL is refused by name, not signed with a key of the moment.
		delete process.env.JOBS_SECRET;
		try {
			await expect(answerPageByLink(postgres.data, token)).rejects.toThrow(/JOBS_SECRET/);
		} finally {
			process.env.JOBS_SECRET = 'both dialects, one key';
		}
	});
});
