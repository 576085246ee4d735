import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitationRound } from '../../../src/lib/server/commands/createInvitationRound';
import { createPlenarySession } from '../../../src/lib/server/commands/createPlenarySession';
import { retryJob } from '../../../src/lib/server/commands/retryJob';
import { saveInvitationSigner } from '../../../src/lib/server/commands/saveInvitationSigner';
import { sendInvitations } from '../../../src/lib/server/commands/sendInvitations';
import { setSignatureImage } from '../../../src/lib/server/commands/setSignatureImage';
import { updateMemberSeat } from '../../../src/lib/server/commands/updateMemberSeat';
import { first, sqliteData, type Data, type Dialect } from '../../../src/lib/server/db/client';
import { allowancePayees, conferenceSectors, groupMeetings, meetingAttendance, people } from '../../../src/lib/server/db/schema';
import { DEFAULT_LETTER_EASY, DEFAULT_LETTER_STANDARD, DEFAULT_SUBJECT } from '../../../src/lib/server/invitations/defaultLetters';
import { linkKeysOn, readInvitationToken } from '../../../src/lib/server/invitations/links';
import { printLetters } from '../../../src/lib/server/invitations/printLetters';
import { allowancesDraftClaims } from '../../../src/lib/server/jobs/kinds/allowancesDraftClaims';
import { invitationsRemind } from '../../../src/lib/server/jobs/kinds/invitationsRemind';
import { mailClaimStep } from '../../../src/lib/server/jobs/kinds/mailClaimStep';
import { mailInvitation } from '../../../src/lib/server/jobs/kinds/mailInvitation';
import { membersTermReminder, termReminderKey } from '../../../src/lib/server/jobs/kinds/membersTermReminder';
import { jobCounts } from '../../../src/lib/server/jobs/metrics';
import type { JobContext } from '../../../src/lib/server/jobs/types';
import { loadActorOn } from '../../../src/lib/server/policies';
import { listFailedJobs } from '../../../src/lib/server/queries/jobs';
import { copyToPostgres } from '../support/copyToPostgres';
import { DIALECTS, type TempData } from '../support/data';
import { tempDatabase } from '../support/db';
import { refusalOf } from '../support/errors';
import { buildFixture } from '../support/fixture';
import { startSmtpCapture } from '../support/smtpCapture';

/**
 * The job handlers that moved to the data layer, and the failed jobs' page and retry, on SQLite and
 * on a PostgreSQL copy of the same data: a round of six (one without an address) is sent, its
 * letters mailed, reminded and printed; a member's term reminder mailed once; a meeting's claims
 * drafted once and their claimants told; a failed job listed,
 * counted and retried once, also when two instances retry it at once. The handlers get a
 * synchronous `db` that throws when touched: they read `context.data` only.
 */
const storage = tempDatabase();
const db = storage.db;
const DAY = 24 * 60 * 60 * 1000;
const PEOPLE = 6;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let postgres: TempData;
let campaignId: string;
let conferenceId: string;
let termUntil: Date;
let meetingId: string;
const env = { SMTP_URL: process.env.SMTP_URL, JOBS_SECRET: process.env.JOBS_SECRET };
const office = () => loadActorOn(sqliteData(db.$client), fixture.ids.office);

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
	// Answer links on PostgreSQL are signed with JOBS_SECRET; the same key on both makes them comparable.
	process.env.JOBS_SECRET = 'jobs on both dialects';
	fixture = await buildFixture(db);
	conferenceId = fixture.conferenceA.id;
	smtp = await startSmtpCapture();
	process.env.SMTP_URL = smtp.url;
	const sectorId = db.insert(conferenceSectors).values({ conferenceId, name: 'Selbsthilfe', targetSeats: 10 }).returning().get().id;
	db.run(sql`
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${PEOPLE})
		INSERT INTO people (id, display_name, email, organisation, preferred_locale, prefers_easy_language, created_at)
		SELECT 'p-' || i, 'Mitglied ' || i, CASE WHEN i = ${PEOPLE} THEN NULL ELSE 'm' || i || '@test.example' END, 'Verein ' || i, 'de', i = 2, 0 FROM n`);
	db.run(sql`INSERT INTO conference_memberships (id, conference_id, person_id, role, member_status, created_at)
		SELECT 'cm' || id, ${conferenceId}, id, 'member', 'voting', 0 FROM people WHERE id LIKE 'p-%'`);
	db.run(sql`INSERT INTO member_seats (conference_id, person_id, sector_id) SELECT ${conferenceId}, id, ${sectorId} FROM people WHERE id LIKE 'p-%'`);
	const data = sqliteData(db.$client);
	const sessionId = (
		await createPlenarySession(data, await office(), {
			conferenceId,
			title: 'Plenum Herbst',
			startsAt: new Date(Date.now() + 20 * DAY),
			place: 'Kreishaus, Saal 2',
			videoUrl: null
		})
	).id;
	await saveInvitationSigner(data, await office(), conferenceId, { name: 'Thomas Berger', title: 'Landrat' });
	await setSignatureImage(data, await office(), conferenceId, PNG);
	campaignId = (
		await createInvitationRound(data, await office(), {
			conferenceId,
			target: 'plenary',
			dateId: sessionId,
			recipients: { kind: 'sector', sectorId },
			subject: DEFAULT_SUBJECT,
			letterStandard: DEFAULT_LETTER_STANDARD,
			letterEasy: DEFAULT_LETTER_EASY,
			capacity: null,
			answerUntil: new Date(Date.now() + 10 * DAY),
			remindDaysBefore: 5,
			channel: 'mail'
		})
	).campaignId;
	await sendInvitations(data, await office(), { conferenceId, campaignId, origin: 'https://ratschlag.example' });
	// The reminder is due in two weeks; as if its time had come, with the date still ahead.
	db.run(sql`UPDATE invitation_campaigns SET remind_days_before = 25 WHERE id = ${campaignId}`);
	// A term that ends within 60 days: its reminder to the office is due at once.
	db.update(people).set({ email: 'buero@test.example' }).where(eq(people.id, fixture.ids.office)).run();
	termUntil = new Date(Date.now() + 30 * DAY);
	await updateMemberSeat(data, await office(), { conferenceId, personId: 'p-1', sectorId, appointedFrom: null, appointedUntil: termUntil, now: new Date() });
	// A group's meeting two days ago, attended by three eligible people (one without an address).
	meetingId = db
		.insert(groupMeetings)
		.values({
			groupId: fixture.group.id,
			title: 'Treffen im Herbst',
			startsAt: new Date(Date.now() - 2 * DAY),
			durationMinutes: 90,
			agenda: [],
			place: 'Rathaus'
		})
		.returning()
		.get().id;
	for (const personId of ['p-1', 'p-3', `p-${PEOPLE}`]) {
		db.insert(allowancePayees).values({ conferenceId, personId, eligible: true, updatedAt: new Date() }).run();
		db.insert(meetingAttendance).values({ meetingId, personId, recordedAt: new Date() }).run();
	}
	// A mail that failed for good, of this conference.
	db.run(sql`INSERT INTO jobs (id, kind, payload, conference_id, state, run_at, attempts, max_attempts, last_error, created_at, finished_at)
		VALUES ('failed-1', 'mail.invitation', '{}', ${conferenceId}, 'failed', 0, 6, 6, 'relay refused', 0, ${Date.now()})`);
	postgres = await copyToPostgres(db);
}, 120_000);

afterAll(async () => {
	process.env.SMTP_URL = env.SMTP_URL;
	if (env.JOBS_SECRET === undefined) delete process.env.JOBS_SECRET;
	else process.env.JOBS_SECRET = env.JOBS_SECRET;
	await postgres?.cleanup();
	await smtp?.close();
	storage.cleanup();
});

const handleOf = (dialect: Dialect): Data => (dialect === 'sqlite' ? sqliteData(db.$client) : postgres.data);
const context = (data: Data, jobId: string): JobContext => ({ data, jobId, attempt: 1, signal: new AbortController().signal });

/** Runs the queued jobs of a kind with its handler, as the runner would, and marks them done; how many ran. */
async function runQueued(data: Data, kind: 'mail.invitation'): Promise<number> {
	const { jobs } = data.t;
	const queued = await data.q
		.select()
		.from(jobs)
		.where(and(eq(jobs.kind, kind), eq(jobs.state, 'queued')))
		.orderBy(jobs.id);
	for (const job of queued) {
		await mailInvitation.run(mailInvitation.parse(JSON.parse(job.payload)), context(data, job.id));
		await data.q.update(jobs).set({ state: 'done' }).where(eq(jobs.id, job.id));
	}
	return queued.length;
}

const unfolded = (raw: string) => raw.replace(/\r?\n[ \t]+/g, ' ');

describe.each(DIALECTS)('the job handlers on %s', (dialect) => {
	it('mail the letters with answer links that read back, remind once, and print the one without an address', async () => {
		const data = handleOf(dialect);
		const { invitationCampaigns, invitations, jobs } = data.t;
		smtp.received.length = 0;
		expect(await runQueued(data, 'mail.invitation')).toBe(PEOPLE - 1);
		expect(smtp.received).toHaveLength(PEOPLE - 1);
		const mailed = await data.q
			.select({ id: invitations.id, personId: invitations.personId, mailedAt: invitations.mailedAt, tokenVersion: invitations.tokenVersion })
			.from(invitations)
			.where(eq(invitations.campaignId, campaignId));
		expect(
			mailed
				.filter((i) => i.mailedAt !== null)
				.map((i) => i.personId)
				.sort()
		).toEqual(['p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
		const mail = smtp.received.find((m) => m.to.includes('m3@test.example'))!.raw;
		expect(mail).toContain('cid:signature@ratschlag');
		const token = /https:\/\/ratschlag\.example\/antwort\/([A-Za-z0-9._-]+)/.exec(unfolded(mail.replace(/=\r?\n/g, '')))![1];
		const p3 = mailed.find((i) => i.personId === 'p-3')!;
		expect(readInvitationToken(linkKeysOn(data), token)).toEqual({ invitationId: p3.id, version: p3.tokenVersion });
		// Run again (at least once): a letter recorded as sent is not sent twice.
		const letter = first(
			await data.q
				.select()
				.from(jobs)
				.where(sql`${jobs.key} LIKE 'mail.invitation:letter:%'`)
		)!;
		await mailInvitation.run(mailInvitation.parse(JSON.parse(letter.payload)), context(data, letter.id));
		expect(smtp.received).toHaveLength(PEOPLE - 1);

		// p-4 answered meanwhile: the reminder goes to the other four with an address, once.
		await data.q
			.update(invitations)
			.set({ answer: 'no', answeredAt: new Date() })
			.where(eq(invitations.id, mailed.find((i) => i.personId === 'p-4')!.id));
		const remind = first(await data.q.select().from(jobs).where(eq(jobs.kind, 'invitations.remind')))!;
		await invitationsRemind.run(invitationsRemind.parse(JSON.parse(remind.payload)), context(data, remind.id));
		await invitationsRemind.run(invitationsRemind.parse(JSON.parse(remind.payload)), context(data, remind.id));
		smtp.received.length = 0;
		expect(await runQueued(data, 'mail.invitation')).toBe(4);
		expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['m1@test.example', 'm2@test.example', 'm3@test.example', 'm5@test.example']);
		expect(smtp.received.every((m) => /^Subject: Erinnerung:/m.test(unfolded(m.raw)))).toBe(true);
		expect(first(await data.q.select().from(invitationCampaigns).where(eq(invitationCampaigns.id, campaignId)))!.remindedAt).not.toBeNull();

		const printed = await printLetters(data, { conferenceId, campaignId, origin: 'https://ratschlag.example', signatureUrl: '/signature' });
		expect(printed!.letters.map((l) => l.personId)).toEqual([`p-${PEOPLE}`]);
		expect(printed!.letters[0].html).toContain('<svg');
		expect(await printLetters(data, { conferenceId: fixture.conferenceB.id, campaignId, origin: 'https://ratschlag.example', signatureUrl: null })).toBeNull();
	});

	it('reminds the office of a term ending once', async () => {
		const data = handleOf(dialect);
		const { jobs, memberSeats } = data.t;
		const job = first(
			await data.q
				.select()
				.from(jobs)
				.where(eq(jobs.key, termReminderKey({ conferenceId, personId: 'p-1', until: termUntil.getTime() })))
		)!;
		smtp.received.length = 0;
		await membersTermReminder.run(membersTermReminder.parse(JSON.parse(job.payload)), context(data, job.id));
		await membersTermReminder.run(membersTermReminder.parse(JSON.parse(job.payload)), context(data, job.id));
		expect(smtp.received.map((m) => m.to)).toEqual([['buero@test.example']]);
		const seat = first(
			await data.q
				.select()
				.from(memberSeats)
				.where(and(eq(memberSeats.conferenceId, conferenceId), eq(memberSeats.personId, 'p-1')))
		)!;
		expect(seat.termRemindedAt).not.toBeNull();
	});

	it('drafts the claims of a meeting once and tells each claimant with an address', async () => {
		const data = handleOf(dialect);
		const { claims, jobs } = data.t;
		const payload = allowancesDraftClaims.parse({ conferenceId, meeting: { groupMeetingId: meetingId }, origin: 'https://ratschlag.example' });
		await allowancesDraftClaims.run(payload, context(data, 'draft-job'));
		await allowancesDraftClaims.run(payload, context(data, 'draft-job'));
		const drafted = await data.q.select().from(claims).where(eq(claims.groupMeetingId, meetingId)).orderBy(claims.number);
		expect(drafted.map((c) => c.personId).sort()).toEqual(['p-1', 'p-3', `p-${PEOPLE}`]);
		expect(drafted.map((c) => c.number - drafted[0].number)).toEqual([0, 1, 2]);
		const mails = await data.q.select().from(jobs).where(eq(jobs.kind, 'mail.claimStep')).orderBy(jobs.id);
		expect(mails).toHaveLength(3);
		smtp.received.length = 0;
		for (const job of mails) await mailClaimStep.run(mailClaimStep.parse(JSON.parse(job.payload)), context(data, job.id));
		expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['m1@test.example', 'm3@test.example']);
	});

	it('lists, counts and retries a failed job once, in its own conference only', async () => {
		const data = handleOf(dialect);
		const { auditLog, jobs } = data.t;
		expect((await listFailedJobs(data, conferenceId)).map((j) => [j.id, j.lastError])).toEqual([['failed-1', 'relay refused']]);
		expect(await listFailedJobs(data, fixture.conferenceB.id)).toEqual([]);
		expect((await jobCounts(data)).failed).toBe(1);
		expect(
			await refusalOf(
				retryJob(data, await loadActorOn(sqliteData(db.$client), fixture.ids.otherOffice), { conferenceId: fixture.conferenceB.id, jobId: 'failed-1' })
			)
		).toBe('not_found');
		await retryJob(data, await office(), { conferenceId, jobId: 'failed-1' });
		const job = first(await data.q.select().from(jobs).where(eq(jobs.id, 'failed-1')))!;
		expect([job.state, job.attempts]).toEqual(['queued', 0]);
		expect((await jobCounts(data)).failed).toBe(0);
		expect(await refusalOf(retryJob(data, await office(), { conferenceId, jobId: 'failed-1' }))).toBe('not_found');
		const audits = await data.q
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'job.retry'), eq(auditLog.subjectId, 'failed-1')));
		expect(audits).toHaveLength(1);
	});
});

describe('two instances on PostgreSQL', () => {
	it('retry a failed job once: the second finds it queued', async () => {
		const { jobs } = postgres.data.t;
		await postgres.data.q.update(jobs).set({ state: 'failed', finishedAt: new Date() }).where(eq(jobs.id, 'failed-1'));
		const other = await postgres.another();
		const outcomes = await Promise.all(
			[postgres.data, other].map(async (data) => refusalOf(retryJob(data, await office(), { conferenceId, jobId: 'failed-1' })))
		);
		expect(outcomes.sort()).toEqual(['not_found', undefined].sort());
	});

	it('send a round’s reminder once when its job runs on both at once', async () => {
		const data = postgres.data;
		const { invitationCampaigns, invitations, jobs } = data.t;
		// The round as it was before the reminder: nobody reminded, no reminder mail queued.
		await data.q.update(invitationCampaigns).set({ remindedAt: null }).where(eq(invitationCampaigns.id, campaignId));
		await data.q.update(invitations).set({ remindedAt: null }).where(eq(invitations.campaignId, campaignId));
		await data.q
			.update(invitations)
			.set({ answer: 'no', answeredAt: new Date() })
			.where(and(eq(invitations.campaignId, campaignId), eq(invitations.personId, 'p-4')));
		await data.q.delete(jobs).where(and(eq(jobs.kind, 'mail.invitation'), sql`${jobs.key} LIKE 'mail.invitation:reminder:%'`));
		const remind = first(await data.q.select().from(jobs).where(eq(jobs.kind, 'invitations.remind')))!;
		const other = await postgres.another();
		await Promise.all([data, other].map((handle) => invitationsRemind.run(invitationsRemind.parse(JSON.parse(remind.payload)), context(handle, remind.id))));
		const queued = await data.q
			.select({ key: jobs.key })
			.from(jobs)
			.where(sql`${jobs.key} LIKE 'mail.invitation:reminder:%'`);
		expect(queued).toHaveLength(4);
	});
});
