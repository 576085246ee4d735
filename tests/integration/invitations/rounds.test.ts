import { and, count as countOf, eq, inArray, isNotNull, type SQL } from 'drizzle-orm';
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
import { first, type Data } from '../../../src/lib/server/db/client';
import { DEFAULT_LETTER_EASY, DEFAULT_LETTER_STANDARD, DEFAULT_SUBJECT } from '../../../src/lib/server/invitations/defaultLetters';
import { linkKeysOn, readInvitationToken } from '../../../src/lib/server/invitations/links';
import { invitationsRemind } from '../../../src/lib/server/jobs/kinds/invitationsRemind';
import { invitationMessageId, mailInvitation } from '../../../src/lib/server/jobs/kinds/mailInvitation';
import { loadActorOn } from '../../../src/lib/server/policies';
import { DIALECTS } from '../support/data';
import { fixtureOn, type Fixture } from '../support/fixtureOn';
import { useJobsSecret } from '../support/jobsSecret';
import { startSmtpCapture } from '../support/smtpCapture';

/**
 * A round of invitations to 200 members of one sector: 200 rows written, 200 letters through a
 * real SMTP server, each with an answer link whose token reads back to its invitation, and a
 * reminder that goes only to those who have not answered; on SQLite and on PostgreSQL.
 */
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const smtpBefore = process.env.SMTP_URL;
const DAY = 24 * 60 * 60 * 1000;
const PEOPLE = 200;
const member = (i: number) => `p-${i}`;

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

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

const unfolded = (raw: string) => raw.replace(/\r?\n[ \t]+/g, ' ');
const decoded = (raw: string) =>
	Buffer.from(
		unfolded(raw.replace(/=\r?\n/g, '')).replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
		'latin1'
	).toString('utf8');

describe.each(DIALECTS)('an invitation round on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	let sectorId: string;
	let sessionId: string;
	const office = () => loadActorOn(data, fixture.ids.office);

	beforeAll(async () => {
		({ data, fixture } = on);
		const { q, t } = data;
		// The capture is the file's: this database's suite counts only its own mails.
		smtp.received.length = 0;
		const conferenceId = fixture.conferenceA.id;
		sectorId = first(await q.insert(t.conferenceSectors).values({ conferenceId, name: 'Selbsthilfe', targetSeats: 10 }).returning())!.id;
		// 200 members of the sector, every tenth prefers easy language.
		const numbers = Array.from({ length: PEOPLE }, (_, i) => i + 1);
		await q.insert(t.people).values(
			numbers.map((i) => ({
				id: member(i),
				displayName: `Mitglied ${i}`,
				email: `m${i}@test.example`,
				organisation: `Verein ${i}`,
				preferredLocale: 'de' as const,
				prefersEasyLanguage: i % 10 === 0
			}))
		);
		await q
			.insert(t.conferenceMemberships)
			.values(numbers.map((i) => ({ id: `cm${member(i)}`, conferenceId, personId: member(i), role: 'member' as const, memberStatus: 'voting' as const })));
		await q.insert(t.memberSeats).values(numbers.map((i) => ({ conferenceId, personId: member(i), sectorId })));
		sessionId = (
			await createPlenarySession(data, await office(), {
				conferenceId,
				title: 'Plenum Herbst',
				startsAt: new Date(Date.now() + 20 * DAY),
				place: 'Kreishaus, Saal 2',
				videoUrl: null
			})
		).id;
		await saveInvitationSigner(data, await office(), conferenceId, { name: 'Thomas Berger', title: 'Landrat des Landkreises Musterstadt' });
		await setSignatureImage(data, await office(), conferenceId, PNG);
	});

	const count = async (where: SQL | undefined) => first(await data.q.select({ n: countOf() }).from(data.t.invitations).where(where))!.n;
	const auditedIssues = async () => first(await data.q.select({ n: countOf() }).from(data.t.auditLog).where(eq(data.t.auditLog.action, 'accessLink.issue')))!.n;

	async function runMailJobs() {
		const { q, t } = data;
		const queued = await q
			.select()
			.from(t.jobs)
			.where(and(eq(t.jobs.kind, 'mail.invitation'), eq(t.jobs.state, 'queued')));
		// As the runner does: several at once over the relay's pooled connections.
		const work = [...queued];
		const worker = async () => {
			for (let job = work.shift(); job; job = work.shift()) {
				await mailInvitation.run(mailInvitation.parse(JSON.parse(job.payload)), {
					data,
					jobId: job.id,
					attempt: 1,
					signal: new AbortController().signal
				});
				await q.update(t.jobs).set({ state: 'done' }).where(eq(t.jobs.id, job.id));
			}
		};
		await Promise.all(Array.from({ length: 8 }, worker));
		return queued.length;
	}

	async function round(overrides: Partial<Parameters<typeof createInvitationRound>[2]> = {}) {
		return await createInvitationRound(data, await office(), {
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
			expect(await count(eq(data.t.invitations.campaignId, campaignId))).toBe(PEOPLE);
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
			const empty = first(await data.q.insert(data.t.conferenceSectors).values({ conferenceId: fixture.conferenceA.id, name: 'Politik' }).returning())!.id;
			expect(await code(() => round({ recipients: { kind: 'sector', sectorId: empty } }))).toBe('invite_no_recipients');
			// One round per date: its seats and waiting list are the date's.
			expect(await code(() => round())).toBe('invite_date_has_round');
		});

		it('sends 200 mails through SMTP, each with an answer link that reads back to its invitation, and schedules the reminder', async () => {
			const sent = await sendInvitations(data, await office(), {
				conferenceId: fixture.conferenceA.id,
				campaignId,
				origin: 'https://ratschlag.example'
			});
			expect(sent).toMatchObject({ invited: PEOPLE, mailed: PEOPLE, byPost: 0 });
			await expect(sendInvitations(data, await office(), { conferenceId: fixture.conferenceA.id, campaignId })).rejects.toThrow(CommandError);
			expect(await runMailJobs()).toBe(PEOPLE);
			expect(smtp.received).toHaveLength(PEOPLE);
			expect(new Set(smtp.received.flatMap((m) => m.to)).size).toBe(PEOPLE);
			expect(await count(and(eq(data.t.invitations.campaignId, campaignId), isNotNull(data.t.invitations.mailedAt)))).toBe(PEOPLE);

			const mail = decoded(smtp.received.find((m) => m.to.includes('m7@test.example'))!.raw);
			expect(mail).toContain('Guten Tag Mitglied 7,');
			expect(mail).toContain('Kreishaus, Saal 2');
			expect(mail).toContain('Thomas Berger');
			expect(mail).toContain('Landrat des Landkreises Musterstadt');
			expect(mail).toContain('Content-Language: de');
			expect(mail).toMatch(/Content-Type: image\/png/);
			expect(mail).toContain('cid:signature@ratschlag');
			const { invitations } = data.t;
			const row = first(
				await data.q
					.select()
					.from(invitations)
					.where(and(eq(invitations.campaignId, campaignId), eq(invitations.personId, 'p-7')))
			)!;
			expect(mail).toContain(`Message-ID: ${invitationMessageId({ invitationId: row.id, reminder: false })}`);
			const token = /https:\/\/ratschlag\.example\/antwort\/([A-Za-z0-9._-]+)/.exec(mail)![1];
			expect(readInvitationToken(linkKeysOn(data), token)).toEqual({ invitationId: row.id, version: row.tokenVersion });

			const easy = decoded(smtp.received.find((m) => m.to.includes('m10@test.example'))!.raw);
			expect(easy).toContain('Hallo Mitglied 10,');
			expect(easy).toContain('Kommen Sie zum Treffen?');

			const remind = first(await data.q.select().from(data.t.jobs).where(eq(data.t.jobs.kind, 'invitations.remind')))!;
			const startsAt = first(await data.q.select().from(data.t.invitationCampaigns).where(eq(data.t.invitationCampaigns.id, campaignId)))!;
			expect(startsAt.sentAt).not.toBeNull();
			expect(remind.runAt.getTime()).toBeGreaterThan(Date.now() + 14 * DAY);
			expect(remind.runAt.getTime()).toBeLessThan(Date.now() + 16 * DAY);
		});

		it('reminds once, and only those with an address who have not answered', async () => {
			// Five have lost their address since (their letter goes by post now).
			await data.q
				.update(data.t.people)
				.set({ email: null })
				.where(inArray(data.t.people.id, ['p-196', 'p-197', 'p-198', 'p-199', 'p-200']));
			// 30 answered (as the answer page will record it); the rest have not.
			await data.q
				.update(data.t.invitations)
				.set({ answer: 'no', answeredAt: new Date() })
				.where(
					and(
						eq(data.t.invitations.campaignId, campaignId),
						inArray(
							data.t.invitations.personId,
							Array.from({ length: 30 }, (_, i) => member(i + 1))
						)
					)
				);
			smtp.received.length = 0;
			const job = first(await data.q.select().from(data.t.jobs).where(eq(data.t.jobs.kind, 'invitations.remind')))!;
			// Due in two weeks; run now as if the time had come, with the date still ahead.
			await data.q.update(data.t.invitationCampaigns).set({ remindDaysBefore: 25 }).where(eq(data.t.invitationCampaigns.id, campaignId));
			const context = { data, jobId: job.id, attempt: 1, signal: new AbortController().signal };
			await invitationsRemind.run(invitationsRemind.parse(JSON.parse(job.payload)), context);
			expect(await runMailJobs()).toBe(PEOPLE - 5 - 30);
			expect(smtp.received).toHaveLength(PEOPLE - 5 - 30);
			expect(smtp.received.every((m) => /^Subject: Erinnerung:/m.test(unfolded(m.raw)))).toBe(true);
			expect(smtp.received.some((m) => m.to.includes('m3@test.example'))).toBe(false);
			expect(first(await data.q.select().from(data.t.invitationCampaigns).where(eq(data.t.invitationCampaigns.id, campaignId)))!.remindedAt).not.toBeNull();

			// Running again reminds nobody a second time.
			await invitationsRemind.run(invitationsRemind.parse(JSON.parse(job.payload)), context);
			expect(await runMailJobs()).toBe(0);
		});

		it('prints the letters that go by post, and gives each a new access card that signs its person in', async () => {
			const printed = await printLetters(data, {
				conferenceId: fixture.conferenceA.id,
				campaignId,
				origin: 'https://ratschlag.example',
				signatureUrl: null
			});
			// The five without an address (the round goes by mail to everyone else).
			expect(printed!.letters.map((l) => l.personId).sort()).toEqual(['p-196', 'p-197', 'p-198', 'p-199', 'p-200']);
			const auditBefore = await auditedIssues();
			const tokens = await issueRoundAccessCards(data, await office(), {
				conferenceId: fixture.conferenceA.id,
				personIds: printed!.letters.map((l) => l.personId),
				expiresAt: null
			});
			expect(tokens.size).toBe(5);
			expect(await auditedIssues()).toBe(auditBefore + 5);
			for (const [personId, token] of tokens) {
				const signedIn = await signInWithAccessLink(data, token);
				expect(signedIn.ok && signedIn.person.id).toBe(personId);
			}
			// Nobody but the office prints them.
			await expect(
				issueRoundAccessCards(data, await loadActorOn(data, fixture.ids.moderator), {
					conferenceId: fixture.conferenceA.id,
					personIds: ['p-196'],
					expiresAt: null
				})
			).rejects.toThrow();
		});
	});
});
