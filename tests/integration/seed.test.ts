import { and, eq, gt } from 'drizzle-orm';
import { sqliteData } from '../../src/lib/server/db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../../src/lib/easy/checker';
import {
	accessibilityFeedback,
	conferenceMemberships,
	conferences,
	digestDeliveries,
	digests,
	digestSuggestionsUsed,
	easyTexts,
	groupMeetings,
	groupMemberships,
	jobs,
	meetingMinutes,
	minutesVersions,
	newsletterSubscribers,
	recommendations,
	recommendationUpdates,
	resolutions,
	supportProfiles,
	workingGroups
} from '../../src/lib/server/db/schema';
import { listGroups } from '../../src/lib/server/queries/groups';
import { getPublicRecommendation, listPublicRecommendations } from '../../src/lib/server/queries/recommendations';
import { signInWithAccessLink } from '../../src/lib/server/commands/signInWithAccessLink';
import { signInWithPassword } from '../../src/lib/server/commands/signInWithPassword';
import { isEmptyOn, seedDemo } from '../../src/lib/server/demo/seed';
import { listSuggestions } from '../../src/lib/server/newsletter/suggestions';
import { tempDatabase } from './support/db';

const storage = tempDatabase();
const db = storage.db;
let seeded: Awaited<ReturnType<typeof seedDemo>>;
beforeAll(async () => {
	expect(await isEmptyOn(sqliteData(db.$client))).toBe(true);
	seeded = await seedDemo(sqliteData(db.$client), 'http://localhost:3000');
});
afterAll(() => storage.cleanup());

const inConference = () => eq(conferenceMemberships.conferenceId, seeded.conferenceId);

describe('demo seed', () => {
	it('is the conference the README promises: office of two, 2 moderators, ~20 members, deputies, 1 newsletter editor', async () => {
		expect(await isEmptyOn(sqliteData(db.$client))).toBe(false);
		const rows = db.select().from(conferenceMemberships).where(inConference()).all();
		const count = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).length;
		expect(count((r) => r.role === 'office')).toBe(2);
		expect(count((r) => r.role === 'moderator')).toBe(2);
		expect(count((r) => r.role === 'member')).toBeGreaterThanOrEqual(20);
		expect(count((r) => r.memberStatus === 'voting')).toBeGreaterThanOrEqual(15);
		expect(count((r) => r.memberStatus === 'advisory')).toBeGreaterThanOrEqual(3);
		expect(count((r) => r.memberStatus === 'deputy')).toBe(2);
		expect(count((r) => r.role === 'newsletter_editor')).toBe(1);
		expect(rows.filter((r) => r.memberStatus === 'deputy').every((r) => r.deputyForPersonId)).toBe(true);
	});

	it('lists its working groups with how many people each has', async () => {
		expect((await listGroups(sqliteData(db.$client), seeded.conferenceId)).map((g) => [g.name, g.memberCount])).toEqual([
			['AG Pflege und Versorgung im Alter', 6],
			['AG Psychische Gesundheit', 6],
			['AG Zugang für alle', 7],
			['Lenkungsgruppe', 5]
		]);
	});

	it('has the minutes of each group’s last meeting: sent round, and approved for two groups and the steering group', () => {
		const minutes = db.select({ status: meetingMinutes.status }).from(meetingMinutes).all();
		expect(minutes.map((m) => m.status).sort()).toEqual(['approved', 'approved', 'approved', 'circulated']);
		// Past meetings' minutes are history: nobody is mailed about them when the demo is seeded.
		expect(db.select().from(jobs).where(eq(jobs.kind, 'mail.minutesCirculated')).all()).toEqual([]);
		const records = db.select().from(minutesVersions).where(eq(minutesVersions.reason, 'approved')).all();
		expect(records.filter((r) => r.html.includes('<h3>2. Bestandsaufnahme: Was fehlt im Landkreis?</h3>'))).toHaveLength(2);
	});

	it('has a steering group that meets again before the next sitting, and says publicly how to take part', () => {
		const steering = db
			.select()
			.from(workingGroups)
			.where(and(eq(workingGroups.conferenceId, seeded.conferenceId), eq(workingGroups.kind, 'steering')))
			.get()!;
		const upcoming = db
			.select()
			.from(groupMeetings)
			.where(and(eq(groupMeetings.groupId, steering.id), gt(groupMeetings.startsAt, new Date())))
			.all();
		expect(upcoming).toHaveLength(1);
		const conference = db.select().from(conferences).where(eq(conferences.id, seeded.conferenceId)).get()!;
		expect(conference.settings.participation?.whoCanJoinEasy).toContain('mitmachen');
	});

	it('has three self-advocates, recorded with consent', () => {
		const profiles = db.select().from(supportProfiles).where(eq(supportProfiles.selfAdvocate, true)).all();
		expect(profiles).toHaveLength(3);
		expect(profiles.every((p) => p.consentRecordedAt instanceof Date)).toBe(true);
	});

	it('has three working groups and the steering group, each with coordination, moderation and minute-taking assigned', () => {
		const groups = db.select().from(workingGroups).where(eq(workingGroups.conferenceId, seeded.conferenceId)).all();
		expect(groups.map((g) => g.kind).sort()).toEqual(['steering', 'working', 'working', 'working']);
		for (const group of groups) {
			for (const role of ['coordinator', 'moderator', 'minute_taker'] as const) {
				const holders = db
					.select()
					.from(groupMemberships)
					.where(and(eq(groupMemberships.groupId, group.id), eq(groupMemberships.role, role)))
					.all();
				expect(holders, `${group.name}: ${role}`).toHaveLength(1);
			}
		}
	});

	it('the last sitting took two resolutions: a named vote and a consensus with concerns on record', () => {
		const taken = db.select().from(resolutions).all();
		expect(taken.map((r) => [r.number, r.kind, r.outcome])).toEqual([
			[1, 'vote', 'adopted'],
			[2, 'consensus', 'consensus']
		]);
		expect(taken[0].tally).toEqual({ yes: 10, no: 2, abstain: 1 });
		expect(taken[0].seats.present * 2).toBeGreaterThanOrEqual(taken[0].seats.total);
	});

	it('has a recommendation at each stage: adopted by resolution 1, forwarded and reported on; referred back; on today’s agenda; agreed; a draft', async () => {
		const rows = db.select().from(recommendations).where(eq(recommendations.conferenceId, seeded.conferenceId)).all();
		expect(rows.map((r) => r.status).sort()).toEqual(['agreed', 'draft', 'forwarded', 'referred_back', 'submitted']);
		const forwarded = rows.find((r) => r.status === 'forwarded')!;
		const resolution = db.select().from(resolutions).where(eq(resolutions.id, forwarded.resolutionId!)).get();
		expect(resolution?.number).toBe(1);
		expect(db.select().from(recommendationUpdates).where(eq(recommendationUpdates.recommendationId, forwarded.id)).all()).toHaveLength(2);
		expect(rows.find((r) => r.status === 'submitted')?.agendaItemId).toBeTruthy();
		// Only the adopted one is public, with its easy-language summary and reporters by organisation.
		expect((await listPublicRecommendations(sqliteData(db.$client), seeded.conferenceId)).map((r) => r.id)).toEqual([forwarded.id]);
		const pub = (await getPublicRecommendation(sqliteData(db.$client), seeded.conferenceId, forwarded.id))!;
		expect(pub.stage).toBe('in_progress');
		expect(pub.texts.easySummary.split('\n').every((line) => line.split(' ').length <= 10)).toBe(true);
		expect(pub.reports.every((r) => r.reporterOrganisation)).toBe(true);
	});

	it('has a newsletter: 30 subscribers in both editions, two published issues, and a draft with suggestions waiting', async () => {
		const subscribers = db.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.conferenceId, seeded.conferenceId)).all();
		const active = subscribers.filter((s) => s.state === 'active');
		expect(active).toHaveLength(30);
		expect(active.filter((s) => s.edition === 'easy').length).toBeGreaterThanOrEqual(8);
		expect(subscribers.map((s) => s.state)).toEqual(expect.arrayContaining(['pending', 'unsubscribed']));
		const issues = db.select().from(digests).where(eq(digests.conferenceId, seeded.conferenceId)).all();
		const published = issues.filter((d) => d.state === 'published');
		expect(published.map((d) => d.number).sort()).toEqual([1, 2]);
		expect(published.every((d) => d.htmlStandard!.includes('<h2') && d.htmlEasy !== null)).toBe(true);
		const draft = issues.find((d) => d.state === 'draft')!;
		expect((await listSuggestions(sqliteData(db.$client), seeded.conferenceId)).length).toBeGreaterThan(0);
		expect(db.select().from(digestSuggestionsUsed).where(eq(digestSuggestionsUsed.digestId, draft.id)).all()).toHaveLength(1);
		// The published issues went out: nothing of them waits to be sent when the demo starts.
		expect(
			db
				.select()
				.from(digestDeliveries)
				.all()
				.every((d) => d.state === 'sent')
		).toBe(true);
	});

	it('has easy-language versions for today’s sitting, checked by the Prüfgruppe, one draft, and none that the checker would flag', () => {
		const rows = db.select().from(easyTexts).where(eq(easyTexts.conferenceId, seeded.conferenceId)).all();
		expect(rows.filter((r) => r.status === 'checked').length).toBeGreaterThanOrEqual(4);
		// The newsletter's second issue went out with its easy edition unchecked (see the newsletter below).
		expect(rows.filter((r) => r.status === 'draft' && r.kind !== 'digest')).toHaveLength(1);
		expect(rows.map((r) => r.kind)).toEqual(expect.arrayContaining(['plenary_session', 'agenda_item', 'invitation']));
		for (const row of rows) {
			const warnings = checkEasyLanguage(row.body, { separator: 'mediopunkt' }).hints.filter((h) => h.severity === 'warning');
			expect(warnings, row.body).toEqual([]);
		}
	});

	it('every demo link signs its person in, and the three staff passwords work', async () => {
		expect(seeded.access.length).toBeGreaterThanOrEqual(8);
		for (const entry of seeded.access) {
			const token = entry.link.split('/l/')[1];
			const result = await signInWithAccessLink(sqliteData(db.$client), token);
			expect(result.ok, entry.role).toBe(true);
			if (result.ok) expect(result.person.displayName).toBe(entry.name);
		}
		const staff = seeded.access.filter((a) => a.password);
		expect(staff).toHaveLength(3);
		for (const entry of staff) {
			const result = await signInWithPassword(sqliteData(db.$client), { email: entry.email!, password: entry.password!, clientAddress: 'seed-test' });
			expect(result.ok, entry.role).toBe(true);
		}
	});

	it('has accessibility feedback for the office: one open, one answered; and a sign-language video on the conference', () => {
		const rows = db.select().from(accessibilityFeedback).where(eq(accessibilityFeedback.conferenceId, seeded.conferenceId)).all();
		expect(rows.map((r) => r.answeredAt !== null).sort()).toEqual([false, true]);
		expect(rows.every((r) => r.replyDueAt.getTime() > r.receivedAt.getTime())).toBe(true);
		const conference = db.select().from(conferences).where(eq(conferences.id, seeded.conferenceId)).get()!;
		expect(conference.settings.signLanguageVideoUrl).toMatch(/^https:\/\//);
	});

	it('has allowances in every step, with one paid payout batch, approved and released by two different office members', () => {
		const claims = db.$client.prepare('SELECT status, approved_by_person_id AS approver, released_by_person_id AS releaser FROM claims').all() as {
			status: string;
			approver: string | null;
			releaser: string | null;
		}[];
		expect(new Set(claims.map((c) => c.status))).toEqual(new Set(['draft', 'submitted', 'approved', 'released', 'paid', 'rejected', 'cancelled']));
		for (const c of claims.filter((c) => c.releaser !== null)) expect(c.releaser).not.toBe(c.approver);
		const batches = db.$client.prepare('SELECT transfer_count AS n, xml FROM payout_batches').all() as { n: number; xml: string }[];
		expect(batches).toHaveLength(1);
		expect(batches[0].n).toBe(2);
		expect(batches[0].xml).toContain('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
		// History, not news: the demo mails nobody about claims of the past.
		expect(db.$client.prepare("SELECT count(*) AS n FROM jobs WHERE kind = 'mail.claimStep'").get()).toEqual({ n: 0 });
	});
});
