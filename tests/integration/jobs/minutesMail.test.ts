import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveSittingMinutes } from '../../../src/lib/server/commands/approveSittingMinutes';
import { assignSittingMinuteTaker } from '../../../src/lib/server/commands/assignSittingMinuteTaker';
import { circulateMinutes } from '../../../src/lib/server/commands/circulateMinutes';
import { circulateSittingMinutes } from '../../../src/lib/server/commands/circulateSittingMinutes';
import { markMeetingPresent } from '../../../src/lib/server/commands/markMeetingPresent';
import { markPresent } from '../../../src/lib/server/commands/markPresent';
import { returnMinutesToDraft } from '../../../src/lib/server/commands/returnMinutesToDraft';
import type { Data, Tables } from '../../../src/lib/server/db/client';
import { mailMinutesCirculated, minutesMailMessageId } from '../../../src/lib/server/jobs/kinds/mailMinutesCirculated';
import { loadActorOn } from '../../../src/lib/server/policies';
import { DIALECTS } from '../support/data';
import { type ActorName } from '../support/fixture';
import { fixtureOn, type Fixture } from '../support/fixtureOn';
import { planGroupMeeting, planSitting } from '../support/meetings';
import { startSmtpCapture } from '../support/smtpCapture';

/**
 * Circulating minutes mails the people concerned through the job queue: one job per person, keyed
 * so asking twice queues nothing more, each mail in the person's language (easy language where
 * they prefer it) with the link and the deadline, delivered to a real SMTP server; on SQLite and
 * on PostgreSQL.
 */
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const smtpBefore = process.env.SMTP_URL;

type Who = Exclude<ActorName, 'anonymous'>;
const address = (who: Who) => `${who.toLowerCase()}@test.example`;

beforeAll(async () => {
	smtp = await startSmtpCapture();
	process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
	if (smtpBefore === undefined) delete process.env.SMTP_URL;
	else process.env.SMTP_URL = smtpBefore;
	await smtp.close();
});

/** Long headers are folded; bodies are quoted-printable: lines joined, bytes decoded as UTF-8. */
const unfolded = (raw: string) => raw.replace(/\r?\n[ \t]+/g, ' ');
const decoded = (raw: string) =>
	Buffer.from(
		unfolded(raw.replace(/=\r?\n/g, '')).replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
		'latin1'
	).toString('utf8');

const mailTo = (who: Who) => smtp.received.filter((mail) => mail.to.includes(address(who)));

describe.each(DIALECTS)('minutes mails on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	const actor = (who: Who) => loadActorOn(data, fixture.ids[who]);

	beforeAll(async () => {
		({ data, fixture } = on);
		// The tests read a person's mails by position (mailTo(who)[0]): each database starts from an empty capture.
		smtp.received.length = 0;
		const profiles: [Who, 'de' | 'en', boolean][] = [
			['votingMember', 'de', true],
			['advisoryMember', 'en', false],
			['deputy', 'de', false],
			['minuteTaker', 'de', false],
			['groupMember', 'de', false],
			['groupCoordinator', 'en', true],
			['guest', 'de', false]
		];
		for (const [who, locale, easy] of profiles)
			await data.q
				.update(data.t.people)
				.set({ email: address(who), preferredLocale: locale, prefersEasyLanguage: easy })
				.where(eq(data.t.people.id, fixture.ids[who]));
	});

	async function jobsFor(id: string) {
		const rows = await data.q.select().from(data.t.jobs).where(eq(data.t.jobs.kind, 'mail.minutesCirculated'));
		return rows.filter((job) => JSON.parse(job.payload).id === id);
	}

	async function runJob(job: Tables['jobs']['$inferSelect']) {
		await mailMinutesCirculated.run(mailMinutesCirculated.parse(JSON.parse(job.payload)), {
			data,
			jobId: job.id,
			attempt: 1,
			signal: new AbortController().signal
		});
	}

	describe('circulating the minutes of a sitting', () => {
		it('mails each member once, in their language, with the link and the deadline; not a guest who cannot read them yet', async () => {
			const { session, subject: where } = await planSitting(data, fixture, { title: 'Plenum Januar' });
			await assignSittingMinuteTaker(data, await actor('office'), { ...where, personId: fixture.ids.minuteTaker });
			// A guest who was in the room reads the minutes once approved, not while they go round: no mail with a link that answers 403.
			await markPresent(data, await actor('office'), { ...where, personId: fixture.ids.guest });
			const deadline = new Date('2030-01-15T22:59:59.999Z');
			const { version, mailed } = await circulateSittingMinutes(data, await actor('minuteTaker'), {
				...where,
				correctionsUntil: deadline,
				origin: 'https://ratschlag.example'
			});

			const queued = await jobsFor(session.id);
			// Voting, advisory, deputy and the group's coordinator (a voting member); not the sender, not the guest.
			const expected: Who[] = ['votingMember', 'advisoryMember', 'deputy', 'groupCoordinator'];
			expect(mailed).toBe(expected.length);
			expect(queued.map((j) => JSON.parse(j.payload).personId).sort()).toEqual(expected.map((who) => fixture.ids[who]).sort());
			expect(queued.every((j) => j.conferenceId === where.conferenceId && j.state === 'queued')).toBe(true);

			for (const job of queued) await runJob(job);
			expect(smtp.received.filter((mail) => mail.raw.includes(session.id))).toHaveLength(expected.length);

			const link = `https://ratschlag.example/conferences/${where.conferenceId}/plenary/${session.id}/minutes`;
			const plain = decoded(mailTo('deputy')[0].raw);
			expect(plain).toContain('Guten Tag deputy,');
			expect(plain).toContain('das Protokoll von „Plenum Januar“');
			expect(plain).toContain('Korrekturen bitte bis zum 15. Januar 2030.');
			expect(plain).toContain(link);
			expect(plain).toMatch(/Content-Language: de/);
			const messageId = minutesMailMessageId({ minutes: 'sitting', id: session.id, version: version.number, personId: fixture.ids.deputy });
			expect(plain).toContain(`Message-ID: ${messageId}`);

			const easy = decoded(mailTo('votingMember')[0].raw);
			expect(easy).toContain('Hallo votingMember,');
			expect(easy).toContain('Bitte lesen Sie das Protokoll.');
			expect(easy).toContain('Hier klicken: Protokoll lesen');
			expect(easy).toContain('Bitte bis zum 15. Januar 2030.');
			expect(easy).not.toContain('Korrekturen bitte');

			const english = decoded(mailTo('advisoryMember')[0].raw);
			expect(english).toContain('Please send corrections by 15 January 2030.');
			expect(english).toContain('Content-Language: en');
			// Easy language in English for whoever prefers it in English.
			expect(decoded(mailTo('groupCoordinator')[0].raw)).toContain('Click here: read the minutes');
		});

		it('is at least once: a job run again sends the same Message-ID; asking for the same mails again queues nothing', async () => {
			const { session, subject: where } = await planSitting(data, fixture, { title: 'Plenum Februar' });
			const { version } = await circulateSittingMinutes(data, await actor('office'), where);
			const [job] = (await jobsFor(session.id)).filter((j) => JSON.parse(j.payload).personId === fixture.ids.deputy);
			await runJob(job);
			await runJob(job);
			const copies = mailTo('deputy').filter((mail) => mail.raw.includes(session.id));
			expect(copies).toHaveLength(2);
			const idOf = (raw: string) => /^Message-ID: (.*)$/im.exec(unfolded(raw))?.[1].trim();
			expect(idOf(copies[0].raw)).toBe(idOf(copies[1].raw));
			expect(idOf(copies[0].raw)).toBe(minutesMailMessageId({ minutes: 'sitting', id: session.id, version: version.number, personId: fixture.ids.deputy }));

			// Same key while open: a no-op.
			const { enqueueMinutesMailsIn } = await import('../../../src/lib/server/jobs/enqueueMinutesMails');
			const { transactOn } = await import('../../../src/lib/server/effects/transactOn');
			const before = (await jobsFor(session.id)).length;
			const again = await transactOn(data, (_tx, effects) =>
				enqueueMinutesMailsIn(effects, {
					minutes: 'sitting',
					id: session.id,
					version: version.number,
					conferenceId: where.conferenceId,
					recipients: [fixture.ids.advisoryMember]
				})
			);
			expect(again).toBe(0);
			expect(await jobsFor(session.id)).toHaveLength(before);
		});

		it('sends nothing once the minutes were approved before the mail went out', async () => {
			const { session, subject: where } = await planSitting(data, fixture, { title: 'Plenum März' });
			await circulateSittingMinutes(data, await actor('office'), where);
			await approveSittingMinutes(data, await actor('moderator'), where);
			const sentBefore = smtp.received.length;
			for (const job of await jobsFor(session.id)) await runJob(job);
			expect(smtp.received.length).toBe(sentBefore);
		});
	});

	describe("circulating a working group's minutes", () => {
		it("mails the group's members and whoever was at the meeting, linking to the meeting's minutes", async () => {
			const meeting = await planGroupMeeting(data, fixture, { title: 'AG-Treffen' });
			const where = { conferenceId: fixture.conferenceA.id, groupId: fixture.group.id, meetingId: meeting.id };
			// Attendance is kept for the group's members; whoever was there is mailed once, as a member.
			await markMeetingPresent(data, await actor('minuteTaker'), { ...where, personId: fixture.ids.groupMember });
			await circulateMinutes(data, await actor('minuteTaker'), { ...where, origin: 'https://ratschlag.example' });
			const queued = await jobsFor(meeting.id);
			// Group members with an address (coordinator, member; the moderator has none); not the minute-taker who sent them.
			expect(queued.map((j) => JSON.parse(j.payload).personId).sort()).toEqual([fixture.ids.groupCoordinator, fixture.ids.groupMember].sort());
			for (const job of queued) await runJob(job);
			const mail = decoded(mailTo('groupMember').find((m) => m.raw.includes(meeting.id))!.raw);
			expect(mail).toContain(`https://ratschlag.example/conferences/${fixture.conferenceA.id}/groups/${fixture.group.id}/meetings/${meeting.id}#minutes`);
			expect(mail).toContain('„AG-Treffen (AG Pflege)“');
			expect(mail).toContain('Korrekturen können Sie melden, bis das Protokoll genehmigt ist.');
		});

		it('sends nothing for minutes returned to draft before the mail went out', async () => {
			const meeting = await planGroupMeeting(data, fixture, { title: 'AG-Treffen 2', startsAt: new Date('2026-12-17T13:00:00Z'), moderatorPersonId: null });
			const where = { conferenceId: fixture.conferenceA.id, groupId: fixture.group.id, meetingId: meeting.id };
			await circulateMinutes(data, await actor('minuteTaker'), where);
			await returnMinutesToDraft(data, await actor('minuteTaker'), where);
			const sentBefore = smtp.received.length;
			for (const job of await jobsFor(meeting.id)) await runJob(job);
			expect(smtp.received.length).toBe(sentBefore);
		});
	});
});
