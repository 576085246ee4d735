// On both databases: each query runs on the demo in SQLite and on a PostgreSQL copy of it, and must answer the same.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteData, type Data } from '../../../src/lib/server/db/client';
import { people, workingGroups } from '../../../src/lib/server/db/schema';
import { setConferenceLogo } from '../../../src/lib/server/commands/setConferenceLogo';
import { seedDemo } from '../../../src/lib/server/demo/seed';
import { myDates } from '../../../src/lib/server/easy/dates';
import { loadActorOn } from '../../../src/lib/server/policies';
import { conferenceChoices, countOpenFeedback, listFeedback } from '../../../src/lib/server/queries/accessibilityFeedback';
import { configuredYears, payoutAccountOf } from '../../../src/lib/server/queries/allowanceRules';
import { conferenceLogo, conferenceLogoUrl } from '../../../src/lib/server/queries/conferenceLogo';
import { getGroup, groupsVisibleTo, listGroupMembers, listGroups } from '../../../src/lib/server/queries/groups';
import { getGroupMeeting, listGroupMeetings, meetingAttendanceList } from '../../../src/lib/server/queries/meetings';
import { getMinutesVersion, listMinutesVersions, minutesOverview } from '../../../src/lib/server/queries/minutes';
import { audienceChoices, digestOfConference, easyEditionStatus, newsletterIssues } from '../../../src/lib/server/queries/newsletterDrafts';
import { findGroupMeeting, groupMeetingsFrom, plenarySessionsFrom } from '../../../src/lib/server/queries/myDates';
import { publishedDigest, publishedDigests, publishedDigestsWithContent } from '../../../src/lib/server/queries/publishedDigests';
import { steeringGroupFor } from '../../../src/lib/server/queries/steeringGroup';
import { todaysDates } from '../../../src/lib/server/queries/todaysDates';
import { copyToPostgres } from '../support/copyToPostgres';
import type { TempData } from '../support/data';
import { tempDatabase } from '../support/db';

// The queries moved to the data layer, each run on the demo conference in SQLite and on a
// PostgreSQL copy of it: the same answer on both, and an answer worth comparing (not empty).
const storage = tempDatabase();
const db = storage.db;
let postgres: TempData;
let conferenceId: string;
beforeAll(async () => {
	conferenceId = (await seedDemo(sqliteData(db.$client), 'http://localhost:3000')).conferenceId;
	const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
	await setConferenceLogo(sqliteData(db.$client), await actorNamed('Sabine Krüger'), conferenceId, png);
	postgres = await copyToPostgres(db);
}, 120_000);
afterAll(async () => {
	await postgres?.cleanup();
	storage.cleanup();
});

const actorNamed = (name: string) =>
	loadActorOn(sqliteData(db.$client), db.select({ id: people.id }).from(people).where(eq(people.displayName, name)).get()!.id);
const groupNamed = (name: string) => db.select().from(workingGroups).where(eq(workingGroups.name, name)).get()!;

/** The query's answer on SQLite, after checking PostgreSQL's copy gives the same. */
async function onBoth<T>(query: (data: Data) => Promise<T>): Promise<T> {
	const fromSqlite = await query(sqliteData(db.$client));
	expect(await query(postgres.data)).toEqual(fromSqlite);
	return fromSqlite;
}

describe('queries on the data layer answer alike on SQLite and PostgreSQL', () => {
	it("groups: a conference's groups by name with their member counts as numbers, one group and its members", async () => {
		const groups = await onBoth((data) => listGroups(data, conferenceId));
		expect(groups.map((g) => [g.name, g.memberCount])).toEqual([
			['AG Pflege und Versorgung im Alter', 6],
			['AG Psychische Gesundheit', 6],
			['AG Zugang für alle', 7],
			['Lenkungsgruppe', 5]
		]);
		const visible = await onBoth(async (data) => groupsVisibleTo(data, await actorNamed('Lena Maurer'), conferenceId));
		expect(visible.length).toBeGreaterThan(0);
		const pflege = groupNamed('AG Pflege und Versorgung im Alter');
		expect(await onBoth((data) => getGroup(data, conferenceId, pflege.id))).toMatchObject({ name: pflege.name, kind: 'working' });
		expect(await onBoth((data) => getGroup(data, 'elsewhere', pflege.id))).toBeUndefined();
		const members = await onBoth((data) => listGroupMembers(data, pflege.id));
		expect(members.length).toBeGreaterThanOrEqual(6);
	});

	it('steering group: its members with their roles and its next meeting', async () => {
		const now = new Date();
		const steering = await onBoth(async (data) => steeringGroupFor(data, await actorNamed('Sabine Krüger'), conferenceId, now));
		expect(steering).toMatchObject({ name: 'Lenkungsgruppe', nextMeeting: { title: 'Lenkungsgruppe: nächstes Plenum vorbereiten' } });
		expect(steering?.members.length).toBe(5);
	});

	it('dates: sittings and meetings from an instant on, a meeting by its id, today’s and the easy pages’ dates', async () => {
		const weekAgo = new Date(Date.now() - 7 * 86_400_000);
		const sittings = await onBoth((data) => plenarySessionsFrom(data, [conferenceId], weekAgo));
		expect(sittings.length).toBeGreaterThan(0);
		const groupIds = (await listGroups(sqliteData(db.$client), conferenceId)).map((g) => g.id);
		const meetings = await onBoth((data) => groupMeetingsFrom(data, groupIds, weekAgo));
		expect(meetings.length).toBeGreaterThan(1);
		expect(await onBoth((data) => findGroupMeeting(data, meetings[0].meeting.id))).toMatchObject({ groupName: meetings[0].groupName, conferenceId });
		const lena = await actorNamed('Lena Maurer');
		expect((await onBoth((data) => myDates(data, lena))).length).toBeGreaterThan(1);
		// On the day of the first meeting ahead, it is among the day's dates.
		const office = await actorNamed('Sabine Krüger');
		const names = new Map([[conferenceId, 'Musterstadt']]);
		const today = await onBoth((data) => todaysDates(data, office, names, meetings[0].meeting.startsAt));
		expect(today.map((d) => d.id)).toContain(meetings[0].meeting.id);
	});

	it('conference logo: its versioned address and its bytes', async () => {
		const url = await onBoth((data) => conferenceLogoUrl(data, conferenceId));
		expect(url).toMatch(new RegExp(`/oeffentlich/${conferenceId}/logo\\?v=`));
		const logo = await onBoth((data) => conferenceLogo(data, conferenceId));
		expect(logo?.contentType).toBe('image/png');
		expect(await onBoth((data) => conferenceLogoUrl(data, 'elsewhere'))).toBeNull();
	});

	it('allowance settings: the years with rules, the payout account with its IBAN formatted', async () => {
		expect((await onBoth((data) => configuredYears(data, conferenceId))).length).toBeGreaterThan(0);
		expect(await onBoth((data) => payoutAccountOf(data, conferenceId))).toMatchObject({ debtorIban: expect.stringMatching(/^DE\d\d( \d{4}){4} \d\d$/) });
	});

	it('meetings: a group’s meetings with how many were present as a number, one meeting with its people, its attendance list', async () => {
		const pflege = groupNamed('AG Pflege und Versorgung im Alter');
		const meetings = await onBoth((data) => listGroupMeetings(data, pflege.id));
		expect(meetings.some((m) => m.present > 0)).toBe(true);
		expect(meetings.every((m) => typeof m.present === 'number')).toBe(true);
		const past = meetings.find((m) => m.present > 0)!;
		const meeting = await onBoth((data) => getGroupMeeting(data, pflege.id, past.id));
		expect(meeting).toMatchObject({ id: past.id, moderatorName: expect.any(String) });
		const attendance = await onBoth((data) => meetingAttendanceList(data, pflege.id, past.id));
		expect(attendance.filter((p) => p.recordedAt !== null).length).toBe(past.present);
	});

	it('accessibility feedback: the inbox in its order, the open count as a number, the conferences to choose from', async () => {
		const now = new Date();
		const inbox = await onBoth((data) => listFeedback(data, conferenceId, now));
		expect(inbox.map((entry) => entry.answeredAt === null)).toEqual([true, false]);
		expect(await onBoth((data) => countOpenFeedback(data, conferenceId))).toBe(1);
		expect((await onBoth((data) => conferenceChoices(data))).map((c) => c.id)).toContain(conferenceId);
	});

	it('published digests: the list, the feed with content, one issue', async () => {
		const issues = await onBoth((data) => publishedDigests(data, conferenceId));
		expect(issues.length).toBeGreaterThan(0);
		expect((await onBoth((data) => publishedDigestsWithContent(data, conferenceId, 10))).length).toBe(issues.length);
		expect(await onBoth((data) => publishedDigest(data, conferenceId, issues[0].id))).toMatchObject({ id: issues[0].id, title: issues[0].title });
	});

	it('minutes: an approved record with who approved it, its versions, one version', async () => {
		const pflege = groupNamed('AG Pflege und Versorgung im Alter');
		const meetings = await listGroupMeetings(sqliteData(db.$client), pflege.id);
		const approved = [];
		for (const meeting of meetings) {
			const overview = await onBoth((data) => minutesOverview(data, meeting.id));
			if (overview.status === 'approved') approved.push({ meeting, overview });
		}
		expect(approved.length).toBeGreaterThan(0);
		const [{ meeting, overview }] = approved;
		expect(overview).toMatchObject({ approvedByName: expect.any(String), record: { number: expect.any(Number) } });
		const versions = await onBoth((data) => listMinutesVersions(data, meeting.id));
		expect(versions.length).toBeGreaterThan(0);
		expect(await onBoth((data) => getMinutesVersion(data, meeting.id, versions[0].number))).toMatchObject({ number: versions[0].number });
	});

	it('newsletter drafts: the issues split into drafts and published with sent counts as numbers, one digest, audiences, the easy edition', async () => {
		const issues = await onBoth((data) => newsletterIssues(data, conferenceId));
		expect(issues.published.length).toBeGreaterThan(0);
		expect([...issues.drafts, ...issues.published].every((issue) => typeof issue.sent === 'number')).toBe(true);
		const [latest] = issues.published;
		expect(await onBoth((data) => digestOfConference(data, conferenceId, latest.id))).toMatchObject({ id: latest.id });
		expect((await onBoth((data) => audienceChoices(data, conferenceId))).length).toBe(4);
		const editions = [];
		for (const issue of issues.published) editions.push(await onBoth((data) => easyEditionStatus(data, issue.id, true)));
		expect(editions.map((e) => e.status)).toContain('checked');
	});
});
