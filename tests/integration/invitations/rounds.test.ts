import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitationRound } from '../../../src/lib/server/commands/createInvitationRound';
import { createPlenarySession } from '../../../src/lib/server/commands/createPlenarySession';
import { saveInvitationSigner } from '../../../src/lib/server/commands/saveInvitationSigner';
import { issueRoundAccessCards } from '../../../src/lib/server/commands/issueRoundAccessCards';
import { signInWithAccessLink } from '../../../src/lib/server/commands/signInWithAccessLink';
import { printLetters } from '../../../src/lib/server/invitations/printLetters';
import { sendInvitations } from '../../../src/lib/server/commands/sendInvitations';
import { setSignatureImage } from '../../../src/lib/server/commands/setSignatureImage';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import { conferenceSectors, invitationCampaigns, invitations, jobs } from '../../../src/lib/server/db/schema';
import { DEFAULT_LETTER_EASY, DEFAULT_LETTER_STANDARD, DEFAULT_SUBJECT } from '../../../src/lib/server/invitations/defaultLetters';
import { readInvitationToken } from '../../../src/lib/server/invitations/links';
import { invitationsRemind } from '../../../src/lib/server/jobs/kinds/invitationsRemind';
import { invitationMessageId, mailInvitation } from '../../../src/lib/server/jobs/kinds/mailInvitation';
import { loadActorOn } from '../../../src/lib/server/policies';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';
import { startSmtpCapture } from '../support/smtpCapture';
import { sqliteData } from '../../../src/lib/server/db/client';

/**
 * A round of invitations to 200 members of one sector: 200 rows written, 200 letters through a
 * real SMTP server, each with an answer link whose token reads back to its invitation, and a
 * reminder that goes only to those who have not answered.
 */
const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const smtpBefore = process.env.SMTP_URL;
const DAY = 24 * 60 * 60 * 1000;
const PEOPLE = 200;
let sectorId: string;
let sessionId: string;
const office = () => loadActorOn(sqliteData(db.$client), fixture.ids.office);

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
	fixture = await buildFixture(db);
	smtp = await startSmtpCapture();
	process.env.SMTP_URL = smtp.url;
	const conferenceId = fixture.conferenceA.id;
	sectorId = db.insert(conferenceSectors).values({ conferenceId, name: 'Selbsthilfe', targetSeats: 10 }).returning().get().id;
	// 200 members of the sector, every tenth prefers easy language.
	db.run(sql`
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${PEOPLE})
		INSERT INTO people (id, display_name, email, organisation, preferred_locale, prefers_easy_language, created_at)
		SELECT 'p-' || i, 'Mitglied ' || i, 'm' || i || '@test.example', 'Verein ' || i, 'de', i % 10 = 0, 0 FROM n`);
	db.run(sql`INSERT INTO conference_memberships (id, conference_id, person_id, role, member_status, created_at)
		SELECT 'cm' || id, ${conferenceId}, id, 'member', 'voting', 0 FROM people WHERE id LIKE 'p-%'`);
	db.run(sql`INSERT INTO member_seats (conference_id, person_id, sector_id) SELECT ${conferenceId}, id, ${sectorId} FROM people WHERE id LIKE 'p-%'`);
	sessionId = (
		await createPlenarySession(sqliteData(db.$client), await office(), {
			conferenceId,
			title: 'Plenum Herbst',
			startsAt: new Date(Date.now() + 20 * DAY),
			place: 'Kreishaus, Saal 2',
			videoUrl: null
		})
	).id;
	await saveInvitationSigner(sqliteData(db.$client), await office(), conferenceId, { name: 'Thomas Berger', title: 'Landrat des Landkreises Musterstadt' });
	await setSignatureImage(sqliteData(db.$client), await office(), conferenceId, PNG);
});
afterAll(async () => {
	process.env.SMTP_URL = smtpBefore;
	await smtp.close();
	storage.cleanup();
});

const unfolded = (raw: string) => raw.replace(/\r?\n[ \t]+/g, ' ');
const decoded = (raw: string) =>
	Buffer.from(
		unfolded(raw.replace(/=\r?\n/g, '')).replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
		'latin1'
	).toString('utf8');

const count = (where: ReturnType<typeof sql>) => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM invitations WHERE ${where}`)!.n;

async function runMailJobs() {
	const queued = db
		.select()
		.from(jobs)
		.where(and(eq(jobs.kind, 'mail.invitation'), eq(jobs.state, 'queued')))
		.all();
	// As the runner does: several at once over the relay's pooled connections.
	const work = [...queued];
	const worker = async () => {
		for (let job = work.shift(); job; job = work.shift()) {
			await mailInvitation.run(mailInvitation.parse(JSON.parse(job.payload)), {
				data: sqliteData(db.$client),
				jobId: job.id,
				attempt: 1,
				signal: new AbortController().signal
			});
			db.update(jobs).set({ state: 'done' }).where(eq(jobs.id, job.id)).run();
		}
	};
	await Promise.all(Array.from({ length: 8 }, worker));
	return queued.length;
}

async function round(overrides: Partial<Parameters<typeof createInvitationRound>[2]> = {}) {
	return await createInvitationRound(sqliteData(db.$client), await office(), {
		conferenceId: fixture.conferenceA.id,
		target: 'plenary',
		dateId: sessionId,
		recipients: { kind: 'sector', sectorId },
		subject: DEFAULT_SUBJECT,
		letterStandard: DEFAULT_LETTER_STANDARD,
		letterEasy: DEFAULT_LETTER_EASY,
		capacity: 20,
		answerUntil: new Date(Date.now() + 10 * DAY),
		remindDaysBefore: 5,
		channel: 'mail',
		...overrides
	});
}

describe('an invitation round', { timeout: 60_000 }, () => {
	let campaignId: string;

	it('writes one invitation per member of the sector, and refuses what cannot be sent', async () => {
		const created = await round();
		campaignId = created.campaignId;
		expect(created.invited).toBe(PEOPLE);
		expect(count(sql`campaign_id = ${campaignId}`)).toBe(PEOPLE);
		const code = async (f: () => Promise<unknown>) => {
			try {
				await f();
			} catch (error) {
				return (error as CommandError).code;
			}
		};
		expect(await code(() => round({ letterStandard: 'Hallo {vorname}' }))).toBe('invite_placeholder_unknown');
		expect(await code(() => round({ answerUntil: new Date(Date.now() + 30 * DAY) }))).toBe('invite_deadline_invalid');
		expect(await code(() => round({ remindDaysBefore: 30 }))).toBe('invite_reminder_too_late');
		expect(await code(() => round({ recipients: { kind: 'sector', sectorId: 'nosuchsector' } }))).toBe('invite_recipients_unknown');
		const empty = db.insert(conferenceSectors).values({ conferenceId: fixture.conferenceA.id, name: 'Politik' }).returning().get().id;
		expect(await code(() => round({ recipients: { kind: 'sector', sectorId: empty } }))).toBe('invite_no_recipients');
		// One round per date: its seats and waiting list are the date's.
		expect(await code(() => round())).toBe('invite_date_has_round');
	});

	it('sends 200 mails through SMTP, each with an answer link that reads back to its invitation, and schedules the reminder', async () => {
		const sent = await sendInvitations(sqliteData(db.$client), await office(), {
			conferenceId: fixture.conferenceA.id,
			campaignId,
			origin: 'https://ratschlag.example'
		});
		expect(sent).toMatchObject({ invited: PEOPLE, mailed: PEOPLE, byPost: 0 });
		await expect(sendInvitations(sqliteData(db.$client), await office(), { conferenceId: fixture.conferenceA.id, campaignId })).rejects.toThrow(CommandError);
		expect(await runMailJobs()).toBe(PEOPLE);
		expect(smtp.received).toHaveLength(PEOPLE);
		expect(new Set(smtp.received.flatMap((m) => m.to)).size).toBe(PEOPLE);
		expect(count(sql`campaign_id = ${campaignId} AND mailed_at IS NOT NULL`)).toBe(PEOPLE);

		const mail = decoded(smtp.received.find((m) => m.to.includes('m7@test.example'))!.raw);
		expect(mail).toContain('Guten Tag Mitglied 7,');
		expect(mail).toContain('Kreishaus, Saal 2');
		expect(mail).toContain('Thomas Berger');
		expect(mail).toContain('Landrat des Landkreises Musterstadt');
		expect(mail).toContain('Content-Language: de');
		expect(mail).toMatch(/Content-Type: image\/png/);
		expect(mail).toContain('cid:signature@ratschlag');
		const row = db
			.select()
			.from(invitations)
			.where(and(eq(invitations.campaignId, campaignId), eq(invitations.personId, 'p-7')))
			.get()!;
		expect(mail).toContain(`Message-ID: ${invitationMessageId({ invitationId: row.id, reminder: false })}`);
		const token = /https:\/\/ratschlag\.example\/antwort\/([A-Za-z0-9._-]+)/.exec(mail)![1];
		expect(readInvitationToken(db, token)).toEqual({ invitationId: row.id, version: row.tokenVersion });

		const easy = decoded(smtp.received.find((m) => m.to.includes('m10@test.example'))!.raw);
		expect(easy).toContain('Hallo Mitglied 10,');
		expect(easy).toContain('Kommen Sie zum Treffen?');

		const remind = db.select().from(jobs).where(eq(jobs.kind, 'invitations.remind')).get()!;
		const startsAt = db.select().from(invitationCampaigns).where(eq(invitationCampaigns.id, campaignId)).get()!;
		expect(startsAt.sentAt).not.toBeNull();
		expect(remind.runAt.getTime()).toBeGreaterThan(Date.now() + 14 * DAY);
		expect(remind.runAt.getTime()).toBeLessThan(Date.now() + 16 * DAY);
	});

	it('reminds once, and only those with an address who have not answered', async () => {
		// Five have lost their address since (their letter goes by post now).
		db.run(sql`UPDATE people SET email = NULL WHERE id IN ('p-196', 'p-197', 'p-198', 'p-199', 'p-200')`);
		// 30 answered (as the answer page will record it); the rest have not.
		db.run(
			sql`UPDATE invitations SET answer = 'no', answered_at = ${Date.now()} WHERE campaign_id = ${campaignId} AND person_id IN (SELECT 'p-' || value FROM json_each(${JSON.stringify(Array.from({ length: 30 }, (_, i) => i + 1))}))`
		);
		smtp.received.length = 0;
		const job = db.select().from(jobs).where(eq(jobs.kind, 'invitations.remind')).get()!;
		// Due in two weeks; run now as if the time had come, with the date still ahead.
		db.update(invitationCampaigns).set({ remindDaysBefore: 25 }).where(eq(invitationCampaigns.id, campaignId)).run();
		const context = { data: sqliteData(db.$client), jobId: job.id, attempt: 1, signal: new AbortController().signal };
		await invitationsRemind.run(invitationsRemind.parse(JSON.parse(job.payload)), context);
		expect(await runMailJobs()).toBe(PEOPLE - 5 - 30);
		expect(smtp.received).toHaveLength(PEOPLE - 5 - 30);
		expect(smtp.received.every((m) => /^Subject: Erinnerung:/m.test(unfolded(m.raw)))).toBe(true);
		expect(smtp.received.some((m) => m.to.includes('m3@test.example'))).toBe(false);
		expect(db.select().from(invitationCampaigns).where(eq(invitationCampaigns.id, campaignId)).get()!.remindedAt).not.toBeNull();

		// Running again reminds nobody a second time.
		await invitationsRemind.run(invitationsRemind.parse(JSON.parse(job.payload)), context);
		expect(await runMailJobs()).toBe(0);
	});

	it('prints the letters that go by post, and gives each a new access card that signs its person in', async () => {
		const printed = await printLetters(sqliteData(db.$client), {
			conferenceId: fixture.conferenceA.id,
			campaignId,
			origin: 'https://ratschlag.example',
			signatureUrl: null
		});
		// The five without an address (the round goes by mail to everyone else).
		expect(printed!.letters.map((l) => l.personId).sort()).toEqual(['p-196', 'p-197', 'p-198', 'p-199', 'p-200']);
		const auditBefore = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'accessLink.issue'`)!.n;
		const tokens = await issueRoundAccessCards(sqliteData(db.$client), await office(), {
			conferenceId: fixture.conferenceA.id,
			personIds: printed!.letters.map((l) => l.personId),
			expiresAt: null
		});
		expect(tokens.size).toBe(5);
		expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'accessLink.issue'`)!.n).toBe(auditBefore + 5);
		for (const [personId, token] of tokens) {
			const signedIn = await signInWithAccessLink(sqliteData(db.$client), token);
			expect(signedIn.ok && signedIn.person.id).toBe(personId);
		}
		// Nobody but the office prints them.
		await expect(
			issueRoundAccessCards(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids.moderator), {
				conferenceId: fixture.conferenceA.id,
				personIds: ['p-196'],
				expiresAt: null
			})
		).rejects.toThrow();
	});
});
