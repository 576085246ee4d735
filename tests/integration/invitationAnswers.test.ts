import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerInvitation } from '../../src/lib/server/commands/answerInvitation';
import { CommandError } from '../../src/lib/server/commands/support/errors';
import { first, type Data } from '../../src/lib/server/db/client';
import { removeConferenceRole } from '../../src/lib/server/commands/removeConferenceRole';
import { invitationToken, linkKeysOn } from '../../src/lib/server/invitations/links';
import { mailInvitationMovedUp, movedUpMailMessageId } from '../../src/lib/server/jobs/kinds/mailInvitationMovedUp';
import { ANONYMOUS, NotAllowed, loadActorOn } from '../../src/lib/server/policies';
import { answerPageByLink, ownInvitations } from '../../src/lib/server/queries/invitationAnswers';
import { invitationLogistics } from '../../src/lib/server/queries/invitationLogistics';
import { answerByLinkUnderLimits } from '../../src/lib/server/limits/rsvpAnswer';
import { LimitReached } from '../../src/lib/server/limits/limiter';
import { openDatabase } from '../../src/lib/server/db';
import { DIALECTS } from './support/data';
import { ACTORS } from './support/fixture';
import { fixtureOn, type Fixture } from './support/fixtureOn';
import { insertRoundOn } from './support/invitations';
import { startSmtpCapture } from './support/smtpCapture';
import { useJobsSecret } from './support/jobsSecret';

/**
 * Answering an invitation by its personal link or signed in, on SQLite and PostgreSQL: seats and
 * the waiting list, a late "no" that moves the first waiting person up and mails them through a
 * real SMTP server, the deadline, revoked links, needs replaced as a whole and kept out of the
 * audit log, and needs visible to the office alone.
 */
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const smtpBefore = process.env.SMTP_URL;
const ORIGIN = 'https://ratschlag.example';
const future = () => new Date(Date.now() + 14 * 86_400_000);

useJobsSecret();
beforeAll(async () => {
	smtp = await startSmtpCapture();
	process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
	if (smtpBefore === undefined) delete process.env.SMTP_URL;
	else process.env.SMTP_URL = smtpBefore;
	await smtp.close();
});

/** The code of a command's or a query's refusal on the data layer: it comes as a rejection. */
const refusalOf = async (run: () => Promise<unknown>) => {
	try {
		await run();
	} catch (error) {
		return error instanceof CommandError ? error.code : error instanceof NotAllowed ? 'not_allowed' : String(error);
	}
	return null;
};

describe.each(DIALECTS)('invitation answers on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	beforeAll(() => {
		({ data, fixture } = on);
	});

	const tokenOf = (inv: { id: string; tokenVersion: number }) => invitationToken(linkKeysOn(data), inv);
	const link = (inv: { id: string; tokenVersion: number }) => ({ via: 'link' as const, token: tokenOf(inv) });
	const row = async (id: string) => first(await data.q.select().from(data.t.invitations).where(eq(data.t.invitations.id, id)))!;
	const movedUpJobs = () => data.q.select().from(data.t.jobs).where(eq(data.t.jobs.kind, 'mail.invitationMovedUp'));
	/** The moved-up mails queued since `before` (jobs have no order of their own to slice by). */
	const movedUpJobsSince = async (before: { id: string }[]) => {
		const seen = new Set(before.map((j) => j.id));
		return (await movedUpJobs()).filter((j) => !seen.has(j.id));
	};
	const auditOf = (subjectId: string) => data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.subjectId, subjectId)).orderBy(data.t.auditLog.seq);
	const insertRound = (input: Parameters<typeof insertRoundOn>[1]) => insertRoundOn(data, input);

	async function newPeople(names: string[], easy = false) {
		const ids: string[] = [];
		for (const name of names)
			ids.push(
				first(
					await data.q
						.insert(data.t.people)
						.values({ displayName: name, email: `${name.toLowerCase().replace(/\s/g, '.')}@test.example`, prefersEasyLanguage: easy })
						.returning()
				)!.id
			);
		return ids;
	}

	describe('answering by the personal link', () => {
		it('gives seats while the room has them, then the waiting list in order', async () => {
			const [a, b, c, d] = await newPeople(['Anna', 'Bert', 'Cem', 'Dora']);
			const round = await insertRound({ conferenceId: fixture.conferenceA.id, personIds: [a, b, c, d], capacity: 2, answerUntil: future() });
			const t0 = Date.now();
			expect(await answerInvitation(data, link(round.of(a)), { answer: 'yes', needs: [], now: new Date(t0) })).toMatchObject({ place: 'seat' });
			expect(await answerInvitation(data, link(round.of(b)), { answer: 'yes', needs: [], now: new Date(t0 + 1) })).toMatchObject({
				place: 'seat'
			});
			expect(await answerInvitation(data, link(round.of(c)), { answer: 'yes', needs: [], now: new Date(t0 + 2) })).toMatchObject({
				place: 'waiting',
				waitingPosition: 1
			});
			expect(await answerInvitation(data, link(round.of(d)), { answer: 'yes', needs: [], now: new Date(t0 + 3) })).toMatchObject({
				place: 'waiting',
				waitingPosition: 2
			});
			// Answering "yes" again (to change one's needs) keeps the place in the queue.
			expect(
				await answerInvitation(data, link(round.of(c)), { answer: 'yes', needs: [{ need: 'wheelchair', detail: null }], now: new Date(t0 + 9) })
			).toMatchObject({
				place: 'waiting',
				waitingPosition: 1
			});
			expect(await answerPageByLink(data, tokenOf(round.of(d)))).toMatchObject({ place: 'waiting', waitingPosition: 2 });
		});

		it('moves the first waiting person up on a late "no" and mails them, in easy language where they prefer it', async () => {
			const [seated, other] = await newPeople(['Sitz Eins', 'Sitz Zwei']);
			const [first] = await newPeople(['Lena Warte'], true);
			const [second] = await newPeople(['Zweite Warte']);
			const round = await insertRound({
				conferenceId: fixture.conferenceA.id,
				personIds: [seated, other, first, second],
				capacity: 2,
				answerUntil: future(),
				title: 'Plenum Juni'
			});
			const t0 = Date.now();
			await answerInvitation(data, link(round.of(seated)), { answer: 'yes', needs: [], now: new Date(t0) });
			await answerInvitation(data, link(round.of(other)), { answer: 'yes', needs: [], now: new Date(t0 + 1) });
			await answerInvitation(data, link(round.of(first)), { answer: 'yes', needs: [], now: new Date(t0 + 2) });
			await answerInvitation(data, link(round.of(second)), { answer: 'yes', needs: [], now: new Date(t0 + 3) });
			const before = await movedUpJobs();

			const result = await answerInvitation(data, link(round.of(seated)), { answer: 'no', needs: [], now: new Date(t0 + 10), origin: ORIGIN });
			expect(result).toMatchObject({ place: null, movedUp: [round.of(first).id] });
			expect(await row(round.of(first).id)).toMatchObject({ place: 'seat', waitingSince: null, movedUpAt: new Date(t0 + 10) });
			expect(await row(round.of(second).id)).toMatchObject({ place: 'waiting' });

			const queued = await movedUpJobsSince(before);
			expect(queued).toHaveLength(1);
			const payload = mailInvitationMovedUp.parse(JSON.parse(queued[0].payload));
			await mailInvitationMovedUp.run(payload, { data, jobId: queued[0].id, attempt: 1, signal: new AbortController().signal });
			// Found by its message id: the capture holds the other database's run too, to the same address.
			const mail = smtp.received.find((m) => m.raw.includes(movedUpMailMessageId(payload)))!;
			expect(mail).toBeDefined();
			expect(mail.to).toContain('lena.warte@test.example');
			const text = mail.raw.replace(/=\r?\n/g, '');
			expect(text).toContain('Sie haben jetzt einen Platz');
			expect(text).toContain(`${ORIGIN}/antwort/${tokenOf(await row(round.of(first).id))}`);

			// A "maybe" after a seat frees it too; the moved-up person changing their mind before the mail goes cancels that mail.
			await answerInvitation(data, link(round.of(other)), { answer: 'maybe', needs: [], now: new Date(t0 + 20), origin: ORIGIN });
			expect((await row(round.of(second).id)).place).toBe('seat');
			await answerInvitation(data, link(round.of(second)), { answer: 'no', needs: [], now: new Date(t0 + 21) });
			const [stale] = await movedUpJobsSince([...before, ...queued]);
			const count = smtp.received.length;
			await mailInvitationMovedUp.run(mailInvitationMovedUp.parse(JSON.parse(stale.payload)), {
				data,
				jobId: stale.id,
				attempt: 1,
				signal: new AbortController().signal
			});
			expect(smtp.received.length).toBe(count);
		});

		// SQLite's own guard: a second connection on the same file. On PostgreSQL the same rule is held by a row lock on the
		// round, shown with two instances at once in data/invariants ("seats of an invitation round").
		it.runIf(dialect === 'sqlite')('never gives the last seat twice: a second process that counted before the first committed cannot write', async () => {
			const [first, second] = await newPeople(['Erste', 'Zweite']);
			const round = await insertRound({ conferenceId: fixture.conferenceA.id, personIds: [first, second], capacity: 1, answerUntil: future() });
			// Another server process on the same file has counted the free seat in its transaction ...
			const other = openDatabase(on.file);
			try {
				other.$client.prepare('BEGIN').run();
				expect(other.$client.prepare(`SELECT count(*) AS n FROM invitations WHERE campaign_id = ? AND place = 'seat'`).get(round.campaign.id)).toEqual({
					n: 0
				});
				// ... when this one gives the seat away and commits.
				expect(await answerInvitation(data, link(round.of(first)), { answer: 'yes', needs: [] })).toMatchObject({ place: 'seat' });
				// Its snapshot is stale now: SQLite refuses its write instead of letting it take a second seat.
				expect(() =>
					other.$client.prepare(`UPDATE invitations SET answer = 'yes', place = 'seat', answered_at = ? WHERE id = ?`).run(Date.now(), round.of(second).id)
				).toThrow(/database is locked/);
				other.$client.prepare('ROLLBACK').run();
			} finally {
				other.$client.close();
			}
			// Tried again, the count is current and the "yes" waits.
			expect(await answerInvitation(data, link(round.of(second)), { answer: 'yes', needs: [] })).toMatchObject({
				place: 'waiting',
				waitingPosition: 1
			});
		});

		it('refuses answers after the deadline, and shows the answer read-only', async () => {
			const [p] = await newPeople(['Spät']);
			const round = await insertRound({ conferenceId: fixture.conferenceA.id, personIds: [p], capacity: null, answerUntil: new Date(Date.now() - 60_000) });
			expect(await refusalOf(() => answerInvitation(data, link(round.of(p)), { answer: 'yes', needs: [] }))).toBe('rsvp_closed');
			expect(await answerPageByLink(data, tokenOf(round.of(p)))).toMatchObject({ closed: true, answer: null });
			expect(
				await refusalOf(async () =>
					answerInvitation(
						data,
						{ via: 'signedIn', actor: await loadActorOn(data, fixture.ids.office), invitationId: round.of(p).id },
						{ answer: 'yes', needs: [] }
					)
				)
			).toBe('rsvp_closed');
		});

		it('refuses a revoked link (its version raised) and a forged one, alike', async () => {
			const [p] = await newPeople(['Widerruf']);
			const round = await insertRound({ conferenceId: fixture.conferenceA.id, personIds: [p], capacity: null, answerUntil: future() });
			const old = tokenOf(round.of(p));
			await data.q
				.update(data.t.invitations)
				.set({ tokenVersion: 2 })
				.where(eq(data.t.invitations.id, round.of(p).id));
			expect(await refusalOf(() => answerInvitation(data, { via: 'link', token: old }, { answer: 'yes', needs: [] }))).toBe('not_found');
			expect(await answerPageByLink(data, old)).toBeNull();
			expect(await refusalOf(() => answerInvitation(data, { via: 'link', token: `${old.slice(0, -2)}xx` }, { answer: 'yes', needs: [] }))).toBe('not_found');
			expect(await answerPageByLink(data, 'nonsense')).toBeNull();
			expect(await answerInvitation(data, link(await row(round.of(p).id)), { answer: 'yes', needs: [] })).toMatchObject({ place: 'seat' });
		});

		it('replaces the needs as a whole, drops them on a "no", and audits only that they changed', async () => {
			const [p] = await newPeople(['Bedarf']);
			await data.q
				.insert(data.t.supportProfiles)
				.values({ conferenceId: fixture.conferenceA.id, personId: p, needsSignLanguage: true, needsCompanion: true, consentRecordedAt: new Date() });
			const round = await insertRound({ conferenceId: fixture.conferenceA.id, personIds: [p], capacity: null, answerUntil: future() });
			const id = round.of(p).id;
			// The office's support profile stays the office's: whoever holds the link sees no needs before the first answer.
			expect(await answerPageByLink(data, tokenOf(round.of(p)))).toMatchObject({ needs: [] });
			await answerInvitation(data, link(round.of(p)), {
				answer: 'yes',
				needs: [
					{ need: 'dietary', detail: 'vegetarisch, keine Nüsse' },
					{ need: 'companion', detail: 'ignored' }
				]
			});
			const needs = () => data.q.select().from(data.t.invitationNeeds).where(eq(data.t.invitationNeeds.invitationId, id));
			expect((await needs()).sort((a, b) => a.need.localeCompare(b.need))).toEqual([
				{ invitationId: id, need: 'companion', detail: null },
				{ invitationId: id, need: 'dietary', detail: 'vegetarisch, keine Nüsse' }
			]);
			await answerInvitation(data, link(round.of(p)), { answer: 'maybe', needs: [{ need: 'induction_loop', detail: null }] });
			expect((await needs()).map((n) => n.need)).toEqual(['induction_loop']);
			await answerInvitation(data, link(round.of(p)), { answer: 'no', needs: [{ need: 'induction_loop', detail: null }] });
			expect(await needs()).toEqual([]);
			expect(await refusalOf(() => answerInvitation(data, link(round.of(p)), { answer: 'yes', needs: [{ need: 'other', detail: 'x'.repeat(301) }] }))).toBe(
				'rsvp_detail_too_long'
			);

			const audit = await auditOf(id);
			expect(audit.map((a) => a.action)).toEqual(['invitation.answer', 'invitation.answer', 'invitation.answer']);
			expect(audit[0]).toMatchObject({ actorPersonId: p, after: { answer: 'yes', place: 'seat', needsChanged: true, via: 'link' } });
			expect(JSON.stringify(audit)).not.toMatch(/vegetarisch|dietary|companion|induction/);
		});
	});

	describe('the throttle on answers by link', () => {
		it('pauses one link after ten answers in 15 minutes, and counts forged links against the address only', async () => {
			const [p] = await newPeople(['Schleife']);
			const round = await insertRound({ conferenceId: fixture.conferenceA.id, personIds: [p], capacity: null, answerUntil: future() });
			const token = tokenOf(round.of(p));
			for (let i = 0; i < 10; i++) await answerByLinkUnderLimits(data, '203.0.113.9', token, { answer: i % 2 ? 'yes' : 'maybe', needs: [] });
			await expect(answerByLinkUnderLimits(data, '203.0.113.10', token, { answer: 'yes', needs: [] })).rejects.toBeInstanceOf(LimitReached);
			await expect(answerByLinkUnderLimits(data, '203.0.113.11', 'forged', { answer: 'yes', needs: [] })).rejects.toMatchObject({ code: 'not_found' });
		});
	});

	describe('answering signed in', () => {
		it('lets the person answer their own and the office on their behalf; nobody else', async () => {
			const round = await insertRound({ conferenceId: fixture.conferenceA.id, personIds: [fixture.ids.votingMember], capacity: null, answerUntil: future() });
			const invitationId = round.of(fixture.ids.votingMember).id;
			const as = async (who: (typeof ACTORS)[number]) => ({
				via: 'signedIn' as const,
				actor: await loadActorOn(data, fixture.ids[who]),
				invitationId
			});
			expect(await answerInvitation(data, await as('votingMember'), { answer: 'maybe', needs: [] })).toMatchObject({ answer: 'maybe' });
			expect(await answerInvitation(data, await as('office'), { answer: 'yes', needs: [{ need: 'wheelchair', detail: null }] })).toMatchObject({
				place: 'seat'
			});
			expect((await auditOf(invitationId)).at(-1)?.after).toMatchObject({ via: 'on_behalf' });
			for (const who of ['advisoryMember', 'moderator', 'admin', 'otherOffice', 'groupCoordinator'] as const) {
				expect(await refusalOf(async () => answerInvitation(data, await as(who), { answer: 'no', needs: [] })), who).toBe('not_allowed');
			}
			const own = await ownInvitations(data, await loadActorOn(data, fixture.ids.votingMember));
			expect(own.map((o) => o.id)).toContain(invitationId);
			expect(own.find((o) => o.id === invitationId)).toMatchObject({ answer: 'yes', place: 'seat' });
			expect((await ownInvitations(data, await loadActorOn(data, fixture.ids.deputy))).map((o) => o.id)).not.toContain(invitationId);
		});
	});

	describe('the logistics view', () => {
		it('shows needs to the office alone, and only those given for this date', async () => {
			const [p, q] = await newPeople(['Gebärde', 'Rolli']);
			const round = await insertRound({ conferenceId: fixture.conferenceA.id, personIds: [p, q], capacity: 1, answerUntil: future() });
			const other = await insertRound({ conferenceId: fixture.conferenceA.id, personIds: [p], capacity: null, answerUntil: future() });
			await answerInvitation(data, link(round.of(p)), { answer: 'yes', needs: [{ need: 'sign_language', detail: null }] });
			await answerInvitation(data, link(round.of(q)), {
				answer: 'yes',
				needs: [
					{ need: 'wheelchair', detail: null },
					{ need: 'companion', detail: null }
				]
			});
			await answerInvitation(data, link(other.of(p)), { answer: 'yes', needs: [{ need: 'dietary', detail: 'vegan' }] });
			const conferenceId = fixture.conferenceA.id;

			const view = (await invitationLogistics(data, await loadActorOn(data, fixture.ids.office), conferenceId, round.campaign.id))!;
			expect(view.totals).toMatchObject({ yes: 2, seats: 1, waiting: 1, expectedAttendance: 1, signLanguageInterpreters: 2 });
			expect(view.waiting.map((w) => w.name)).toEqual(['Rolli']);
			expect(view.people.find((x) => x.name === 'Gebärde')!.needs).toEqual([{ need: 'sign_language', detail: null }]);
			// Conference B's office does not find A's round through its own conference.
			expect(await invitationLogistics(data, await loadActorOn(data, fixture.ids.otherOffice), fixture.conferenceB.id, round.campaign.id)).toBeNull();

			for (const who of ACTORS.filter((a) => a !== 'office')) {
				expect(await refusalOf(async () => invitationLogistics(data, await loadActorOn(data, fixture.ids[who]), conferenceId, round.campaign.id)), who).toBe(
					'not_allowed'
				);
			}
			expect(await refusalOf(() => invitationLogistics(data, ANONYMOUS, conferenceId, round.campaign.id))).toBe('not_allowed');
		});
	});

	describe('leaving the conference', () => {
		it('revokes the open answer links and erases the seat and the self-description with the last role', async () => {
			const conferenceId = fixture.conferenceA.id;
			const [p] = await newPeople(['Abschied']);
			const office = await loadActorOn(data, fixture.ids.office);
			await data.q.insert(data.t.conferenceMemberships).values({ conferenceId, personId: p, role: 'member', memberStatus: 'advisory' });
			await data.q.insert(data.t.conferenceMemberships).values({ conferenceId, personId: p, role: 'guest' });
			await data.q.insert(data.t.memberSeats).values({ conferenceId, personId: p });
			await data.q.insert(data.t.diversityProfiles).values({ conferenceId, personId: p, gender: 'woman', consentRecordedAt: new Date() });
			const round = await insertRound({ conferenceId, personIds: [p], capacity: null, answerUntil: future() });
			const token = tokenOf(round.of(p));
			expect(await answerPageByLink(data, token)).not.toBeNull();

			// One role of two: still a member, nothing goes.
			await removeConferenceRole(data, office, { conferenceId, personId: p, role: 'guest' });
			expect(await answerPageByLink(data, token)).not.toBeNull();

			await removeConferenceRole(data, office, { conferenceId, personId: p, role: 'member' });
			expect(await answerPageByLink(data, token)).toBeNull();
			await expect(answerInvitation(data, { via: 'link', token }, { answer: 'yes', needs: [] })).rejects.toThrow(CommandError);
			expect(await data.q.select().from(data.t.memberSeats).where(eq(data.t.memberSeats.personId, p))).toEqual([]);
			expect(await data.q.select().from(data.t.diversityProfiles).where(eq(data.t.diversityProfiles.personId, p))).toEqual([]);
		});
	});
});
