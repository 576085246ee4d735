import { sqliteData } from '../../src/lib/server/db/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerInvitation } from '../../src/lib/server/commands/answerInvitation';
import { CommandError } from '../../src/lib/server/commands/support/errors';
import {
	auditLog,
	conferenceMemberships,
	diversityProfiles,
	invitationNeeds,
	invitations,
	jobs,
	memberSeats,
	people,
	supportProfiles
} from '../../src/lib/server/db/schema';
import { removeConferenceRole } from '../../src/lib/server/commands/removeConferenceRole';
import { invitationToken } from '../../src/lib/server/invitations/links';
import { mailInvitationMovedUp, movedUpMailMessageId } from '../../src/lib/server/jobs/kinds/mailInvitationMovedUp';
import { ANONYMOUS, NotAllowed, loadActorOn } from '../../src/lib/server/policies';
import { answerPageByLink, ownInvitations } from '../../src/lib/server/queries/invitationAnswers';
import { invitationLogistics } from '../../src/lib/server/queries/invitationLogistics';
import { answerByLinkUnderLimits } from '../../src/lib/server/limits/rsvpAnswer';
import { LimitReached } from '../../src/lib/server/limits/limiter';
import { openDatabase } from '../../src/lib/server/db';
import { tempDatabase } from './support/db';
import { ACTORS, buildFixture } from './support/fixture';
import { insertRound } from './support/invitations';
import { startSmtpCapture } from './support/smtpCapture';

/**
 * Answering an invitation by its personal link or signed in: seats and the waiting list, a late
 * "no" that moves the first waiting person up and mails them through a real SMTP server, the
 * deadline, revoked links, needs replaced as a whole and kept out of the audit log, and needs
 * visible to the office alone.
 */
const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const smtpBefore = process.env.SMTP_URL;
const ORIGIN = 'https://ratschlag.example';
const future = () => new Date(Date.now() + 14 * 86_400_000);

beforeAll(async () => {
	fixture = await buildFixture(db);
	smtp = await startSmtpCapture();
	process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
	process.env.SMTP_URL = smtpBefore;
	await smtp.close();
	storage.cleanup();
});

const link = (inv: { id: string; tokenVersion: number }) => ({ via: 'link' as const, token: invitationToken(db, inv) });
/** The code of a command's or a query's refusal on the data layer: it comes as a rejection. */
const refusalOf = async (run: () => Promise<unknown>) => {
	try {
		await run();
	} catch (error) {
		return error instanceof CommandError ? error.code : error instanceof NotAllowed ? 'not_allowed' : String(error);
	}
	return null;
};
const data = sqliteData(db.$client);
const row = (id: string) => db.select().from(invitations).where(eq(invitations.id, id)).get()!;
const movedUpJobs = () => db.select().from(jobs).where(eq(jobs.kind, 'mail.invitationMovedUp')).all();

function newPeople(names: string[], easy = false) {
	return names.map(
		(name) =>
			db
				.insert(people)
				.values({ displayName: name, email: `${name.toLowerCase().replace(/\s/g, '.')}@test.example`, prefersEasyLanguage: easy })
				.returning()
				.get().id
	);
}

describe('answering by the personal link', () => {
	it('gives seats while the room has them, then the waiting list in order', async () => {
		const [a, b, c, d] = newPeople(['Anna', 'Bert', 'Cem', 'Dora']);
		const round = insertRound(db, { conferenceId: fixture.conferenceA.id, personIds: [a, b, c, d], capacity: 2, answerUntil: future() });
		const t0 = Date.now();
		expect(await answerInvitation(sqliteData(db.$client), link(round.of(a)), { answer: 'yes', needs: [], now: new Date(t0) })).toMatchObject({ place: 'seat' });
		expect(await answerInvitation(sqliteData(db.$client), link(round.of(b)), { answer: 'yes', needs: [], now: new Date(t0 + 1) })).toMatchObject({
			place: 'seat'
		});
		expect(await answerInvitation(sqliteData(db.$client), link(round.of(c)), { answer: 'yes', needs: [], now: new Date(t0 + 2) })).toMatchObject({
			place: 'waiting',
			waitingPosition: 1
		});
		expect(await answerInvitation(sqliteData(db.$client), link(round.of(d)), { answer: 'yes', needs: [], now: new Date(t0 + 3) })).toMatchObject({
			place: 'waiting',
			waitingPosition: 2
		});
		// Answering "yes" again (to change one's needs) keeps the place in the queue.
		expect(
			await answerInvitation(sqliteData(db.$client), link(round.of(c)), { answer: 'yes', needs: [{ need: 'wheelchair', detail: null }], now: new Date(t0 + 9) })
		).toMatchObject({
			place: 'waiting',
			waitingPosition: 1
		});
		expect(await answerPageByLink(data, invitationToken(db, round.of(d)))).toMatchObject({ place: 'waiting', waitingPosition: 2 });
	});

	it('moves the first waiting person up on a late "no" and mails them, in easy language where they prefer it', async () => {
		const [seated, other] = newPeople(['Sitz Eins', 'Sitz Zwei']);
		const [first] = newPeople(['Lena Warte'], true);
		const [second] = newPeople(['Zweite Warte']);
		const round = insertRound(db, {
			conferenceId: fixture.conferenceA.id,
			personIds: [seated, other, first, second],
			capacity: 2,
			answerUntil: future(),
			title: 'Plenum Juni'
		});
		const t0 = Date.now();
		await answerInvitation(sqliteData(db.$client), link(round.of(seated)), { answer: 'yes', needs: [], now: new Date(t0) });
		await answerInvitation(sqliteData(db.$client), link(round.of(other)), { answer: 'yes', needs: [], now: new Date(t0 + 1) });
		await answerInvitation(sqliteData(db.$client), link(round.of(first)), { answer: 'yes', needs: [], now: new Date(t0 + 2) });
		await answerInvitation(sqliteData(db.$client), link(round.of(second)), { answer: 'yes', needs: [], now: new Date(t0 + 3) });
		const before = movedUpJobs().length;

		const result = await answerInvitation(sqliteData(db.$client), link(round.of(seated)), { answer: 'no', needs: [], now: new Date(t0 + 10), origin: ORIGIN });
		expect(result).toMatchObject({ place: null, movedUp: [round.of(first).id] });
		expect(row(round.of(first).id)).toMatchObject({ place: 'seat', waitingSince: null, movedUpAt: new Date(t0 + 10) });
		expect(row(round.of(second).id)).toMatchObject({ place: 'waiting' });

		const queued = movedUpJobs().slice(before);
		expect(queued).toHaveLength(1);
		const payload = mailInvitationMovedUp.parse(JSON.parse(queued[0].payload));
		await mailInvitationMovedUp.run(payload, { data: sqliteData(db.$client), jobId: queued[0].id, attempt: 1, signal: new AbortController().signal });
		const mail = smtp.received.find((m) => m.to.includes('lena.warte@test.example'))!;
		expect(mail).toBeDefined();
		expect(mail.raw).toContain(movedUpMailMessageId(payload));
		const text = mail.raw.replace(/=\r?\n/g, '');
		expect(text).toContain('Sie haben jetzt einen Platz');
		expect(text).toContain(`${ORIGIN}/antwort/${invitationToken(db, row(round.of(first).id))}`);

		// A "maybe" after a seat frees it too; the moved-up person changing their mind before the mail goes cancels that mail.
		await answerInvitation(sqliteData(db.$client), link(round.of(other)), { answer: 'maybe', needs: [], now: new Date(t0 + 20), origin: ORIGIN });
		expect(row(round.of(second).id).place).toBe('seat');
		await answerInvitation(sqliteData(db.$client), link(round.of(second)), { answer: 'no', needs: [], now: new Date(t0 + 21) });
		const stale = movedUpJobs().at(-1)!;
		const count = smtp.received.length;
		await mailInvitationMovedUp.run(mailInvitationMovedUp.parse(JSON.parse(stale.payload)), {
			data: sqliteData(db.$client),
			jobId: stale.id,
			attempt: 1,
			signal: new AbortController().signal
		});
		expect(smtp.received.length).toBe(count);
	});

	it('never gives the last seat twice: a second process that counted before the first committed cannot write', async () => {
		const [first, second] = newPeople(['Erste', 'Zweite']);
		const round = insertRound(db, { conferenceId: fixture.conferenceA.id, personIds: [first, second], capacity: 1, answerUntil: future() });
		// Another server process on the same file has counted the free seat in its transaction ...
		const other = openDatabase(storage.file);
		try {
			other.$client.prepare('BEGIN').run();
			expect(other.$client.prepare(`SELECT count(*) AS n FROM invitations WHERE campaign_id = ? AND place = 'seat'`).get(round.campaign.id)).toEqual({ n: 0 });
			// ... when this one gives the seat away and commits.
			expect(await answerInvitation(sqliteData(db.$client), link(round.of(first)), { answer: 'yes', needs: [] })).toMatchObject({ place: 'seat' });
			// Its snapshot is stale now: SQLite refuses its write instead of letting it take a second seat.
			expect(() =>
				other.$client.prepare(`UPDATE invitations SET answer = 'yes', place = 'seat', answered_at = ? WHERE id = ?`).run(Date.now(), round.of(second).id)
			).toThrow(/database is locked/);
			other.$client.prepare('ROLLBACK').run();
		} finally {
			other.$client.close();
		}
		// Tried again, the count is current and the "yes" waits.
		expect(await answerInvitation(sqliteData(db.$client), link(round.of(second)), { answer: 'yes', needs: [] })).toMatchObject({
			place: 'waiting',
			waitingPosition: 1
		});
	});

	it('refuses answers after the deadline, and shows the answer read-only', async () => {
		const [p] = newPeople(['Spät']);
		const round = insertRound(db, { conferenceId: fixture.conferenceA.id, personIds: [p], capacity: null, answerUntil: new Date(Date.now() - 60_000) });
		expect(await refusalOf(() => answerInvitation(sqliteData(db.$client), link(round.of(p)), { answer: 'yes', needs: [] }))).toBe('rsvp_closed');
		expect(await answerPageByLink(data, invitationToken(db, round.of(p)))).toMatchObject({ closed: true, answer: null });
		expect(
			await refusalOf(async () =>
				answerInvitation(
					sqliteData(db.$client),
					{ via: 'signedIn', actor: await loadActorOn(sqliteData(db.$client), fixture.ids.office), invitationId: round.of(p).id },
					{ answer: 'yes', needs: [] }
				)
			)
		).toBe('rsvp_closed');
	});

	it('refuses a revoked link (its version raised) and a forged one, alike', async () => {
		const [p] = newPeople(['Widerruf']);
		const round = insertRound(db, { conferenceId: fixture.conferenceA.id, personIds: [p], capacity: null, answerUntil: future() });
		const old = invitationToken(db, round.of(p));
		db.update(invitations)
			.set({ tokenVersion: 2 })
			.where(eq(invitations.id, round.of(p).id))
			.run();
		expect(await refusalOf(() => answerInvitation(sqliteData(db.$client), { via: 'link', token: old }, { answer: 'yes', needs: [] }))).toBe('not_found');
		expect(await answerPageByLink(data, old)).toBeNull();
		expect(await refusalOf(() => answerInvitation(sqliteData(db.$client), { via: 'link', token: `${old.slice(0, -2)}xx` }, { answer: 'yes', needs: [] }))).toBe(
			'not_found'
		);
		expect(await answerPageByLink(data, 'nonsense')).toBeNull();
		expect(await answerInvitation(sqliteData(db.$client), link(row(round.of(p).id)), { answer: 'yes', needs: [] })).toMatchObject({ place: 'seat' });
	});

	it('replaces the needs as a whole, drops them on a "no", and audits only that they changed', async () => {
		const [p] = newPeople(['Bedarf']);
		db.insert(supportProfiles)
			.values({ conferenceId: fixture.conferenceA.id, personId: p, needsSignLanguage: true, needsCompanion: true, consentRecordedAt: new Date() })
			.run();
		const round = insertRound(db, { conferenceId: fixture.conferenceA.id, personIds: [p], capacity: null, answerUntil: future() });
		const id = round.of(p).id;
		// The office's support profile stays the office's: whoever holds the link sees no needs before the first answer.
		expect(await answerPageByLink(data, invitationToken(db, round.of(p)))).toMatchObject({ needs: [] });
		await answerInvitation(sqliteData(db.$client), link(round.of(p)), {
			answer: 'yes',
			needs: [
				{ need: 'dietary', detail: 'vegetarisch, keine Nüsse' },
				{ need: 'companion', detail: 'ignored' }
			]
		});
		const needs = () => db.select().from(invitationNeeds).where(eq(invitationNeeds.invitationId, id)).all();
		expect(needs().sort((a, b) => a.need.localeCompare(b.need))).toEqual([
			{ invitationId: id, need: 'companion', detail: null },
			{ invitationId: id, need: 'dietary', detail: 'vegetarisch, keine Nüsse' }
		]);
		await answerInvitation(sqliteData(db.$client), link(round.of(p)), { answer: 'maybe', needs: [{ need: 'induction_loop', detail: null }] });
		expect(needs().map((n) => n.need)).toEqual(['induction_loop']);
		await answerInvitation(sqliteData(db.$client), link(round.of(p)), { answer: 'no', needs: [{ need: 'induction_loop', detail: null }] });
		expect(needs()).toEqual([]);
		expect(
			await refusalOf(() => answerInvitation(sqliteData(db.$client), link(round.of(p)), { answer: 'yes', needs: [{ need: 'other', detail: 'x'.repeat(301) }] }))
		).toBe('rsvp_detail_too_long');

		const audit = db.select().from(auditLog).where(eq(auditLog.subjectId, id)).all();
		expect(audit.map((a) => a.action)).toEqual(['invitation.answer', 'invitation.answer', 'invitation.answer']);
		expect(audit[0]).toMatchObject({ actorPersonId: p, after: { answer: 'yes', place: 'seat', needsChanged: true, via: 'link' } });
		expect(JSON.stringify(audit)).not.toMatch(/vegetarisch|dietary|companion|induction/);
	});
});

describe('the throttle on answers by link', () => {
	it('pauses one link after ten answers in 15 minutes, and counts forged links against the address only', async () => {
		const [p] = newPeople(['Schleife']);
		const round = insertRound(db, { conferenceId: fixture.conferenceA.id, personIds: [p], capacity: null, answerUntil: future() });
		const token = invitationToken(db, round.of(p));
		for (let i = 0; i < 10; i++) await answerByLinkUnderLimits(data, '203.0.113.9', token, { answer: i % 2 ? 'yes' : 'maybe', needs: [] });
		await expect(answerByLinkUnderLimits(data, '203.0.113.10', token, { answer: 'yes', needs: [] })).rejects.toBeInstanceOf(LimitReached);
		await expect(answerByLinkUnderLimits(data, '203.0.113.11', 'forged', { answer: 'yes', needs: [] })).rejects.toMatchObject({ code: 'not_found' });
	});
});

describe('answering signed in', () => {
	it('lets the person answer their own and the office on their behalf; nobody else', async () => {
		const round = insertRound(db, { conferenceId: fixture.conferenceA.id, personIds: [fixture.ids.votingMember], capacity: null, answerUntil: future() });
		const invitationId = round.of(fixture.ids.votingMember).id;
		const as = async (who: (typeof ACTORS)[number]) => ({
			via: 'signedIn' as const,
			actor: await loadActorOn(sqliteData(db.$client), fixture.ids[who]),
			invitationId
		});
		expect(await answerInvitation(sqliteData(db.$client), await as('votingMember'), { answer: 'maybe', needs: [] })).toMatchObject({ answer: 'maybe' });
		expect(await answerInvitation(sqliteData(db.$client), await as('office'), { answer: 'yes', needs: [{ need: 'wheelchair', detail: null }] })).toMatchObject({
			place: 'seat'
		});
		expect(db.select().from(auditLog).where(eq(auditLog.subjectId, invitationId)).all().at(-1)?.after).toMatchObject({ via: 'on_behalf' });
		for (const who of ['advisoryMember', 'moderator', 'admin', 'otherOffice', 'groupCoordinator'] as const) {
			expect(await refusalOf(async () => answerInvitation(sqliteData(db.$client), await as(who), { answer: 'no', needs: [] })), who).toBe('not_allowed');
		}
		const own = await ownInvitations(data, await loadActorOn(sqliteData(db.$client), fixture.ids.votingMember));
		expect(own.map((o) => o.id)).toContain(invitationId);
		expect(own.find((o) => o.id === invitationId)).toMatchObject({ answer: 'yes', place: 'seat' });
		expect((await ownInvitations(data, await loadActorOn(sqliteData(db.$client), fixture.ids.deputy))).map((o) => o.id)).not.toContain(invitationId);
	});
});

describe('the logistics view', () => {
	it('shows needs to the office alone, and only those given for this date', async () => {
		const [p, q] = newPeople(['Gebärde', 'Rolli']);
		const round = insertRound(db, { conferenceId: fixture.conferenceA.id, personIds: [p, q], capacity: 1, answerUntil: future() });
		const other = insertRound(db, { conferenceId: fixture.conferenceA.id, personIds: [p], capacity: null, answerUntil: future() });
		await answerInvitation(sqliteData(db.$client), link(round.of(p)), { answer: 'yes', needs: [{ need: 'sign_language', detail: null }] });
		await answerInvitation(sqliteData(db.$client), link(round.of(q)), {
			answer: 'yes',
			needs: [
				{ need: 'wheelchair', detail: null },
				{ need: 'companion', detail: null }
			]
		});
		await answerInvitation(sqliteData(db.$client), link(other.of(p)), { answer: 'yes', needs: [{ need: 'dietary', detail: 'vegan' }] });
		const conferenceId = fixture.conferenceA.id;

		const view = (await invitationLogistics(data, await loadActorOn(sqliteData(db.$client), fixture.ids.office), conferenceId, round.campaign.id))!;
		expect(view.totals).toMatchObject({ yes: 2, seats: 1, waiting: 1, expectedAttendance: 1, signLanguageInterpreters: 2 });
		expect(view.waiting.map((w) => w.name)).toEqual(['Rolli']);
		expect(view.people.find((x) => x.name === 'Gebärde')!.needs).toEqual([{ need: 'sign_language', detail: null }]);
		// Conference B's office does not find A's round through its own conference.
		expect(
			await invitationLogistics(data, await loadActorOn(sqliteData(db.$client), fixture.ids.otherOffice), fixture.conferenceB.id, round.campaign.id)
		).toBeNull();

		for (const who of ACTORS.filter((a) => a !== 'office')) {
			expect(
				await refusalOf(async () => invitationLogistics(data, await loadActorOn(sqliteData(db.$client), fixture.ids[who]), conferenceId, round.campaign.id)),
				who
			).toBe('not_allowed');
		}
		expect(await refusalOf(() => invitationLogistics(data, ANONYMOUS, conferenceId, round.campaign.id))).toBe('not_allowed');
	});
});

describe('leaving the conference', () => {
	it('revokes the open answer links and erases the seat and the self-description with the last role', async () => {
		const conferenceId = fixture.conferenceA.id;
		const [p] = newPeople(['Abschied']);
		const office = await loadActorOn(sqliteData(db.$client), fixture.ids.office);
		db.insert(conferenceMemberships).values({ conferenceId, personId: p, role: 'member', memberStatus: 'advisory' }).run();
		db.insert(conferenceMemberships).values({ conferenceId, personId: p, role: 'guest' }).run();
		db.insert(memberSeats).values({ conferenceId, personId: p }).run();
		db.insert(diversityProfiles).values({ conferenceId, personId: p, gender: 'woman', consentRecordedAt: new Date() }).run();
		const round = insertRound(db, { conferenceId, personIds: [p], capacity: null, answerUntil: future() });
		const token = invitationToken(db, round.of(p));
		expect(await answerPageByLink(data, token)).not.toBeNull();

		// One role of two: still a member, nothing goes.
		await removeConferenceRole(sqliteData(db.$client), office, { conferenceId, personId: p, role: 'guest' });
		expect(await answerPageByLink(data, token)).not.toBeNull();

		await removeConferenceRole(sqliteData(db.$client), office, { conferenceId, personId: p, role: 'member' });
		expect(await answerPageByLink(data, token)).toBeNull();
		await expect(answerInvitation(sqliteData(db.$client), { via: 'link', token }, { answer: 'yes', needs: [] })).rejects.toThrow(CommandError);
		expect(db.select().from(memberSeats).where(eq(memberSeats.personId, p)).all()).toEqual([]);
		expect(db.select().from(diversityProfiles).where(eq(diversityProfiles.personId, p)).all()).toEqual([]);
	});
});
