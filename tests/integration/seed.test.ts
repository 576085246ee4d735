import { and, asc, count, eq, getTableName, gt, is, Table } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../src/lib/collab/docNames';
import { checkEasyLanguage } from '../../src/lib/easy/checker';
import { payoutAmountsOn } from '../../src/lib/server/allowances/payoutAmounts';
import { readAgenda } from '../../src/lib/plenary/agenda';
import { readDocumentOn } from '../../src/lib/server/collab/readDocument';
import { signInWithAccessLink } from '../../src/lib/server/commands/signInWithAccessLink';
import { signInWithPassword } from '../../src/lib/server/commands/signInWithPassword';
import type { Data, Dialect } from '../../src/lib/server/db/client';
import { isEmptyOn, seedDemo } from '../../src/lib/server/demo/seed';
import { listSuggestions } from '../../src/lib/server/newsletter/suggestions';
import { listGroups } from '../../src/lib/server/queries/groups';
import { diversityAggregates, listSectors, memberComposition } from '../../src/lib/server/queries/members';
import { getPublicRecommendation, listPublicRecommendations } from '../../src/lib/server/queries/recommendations';
import { DIALECTS, tempData, type TempData } from './support/data';

// The demo seeded through the data layer alone, on a fresh SQLite file and a fresh PostgreSQL
// database, once each: what the README promises is there on each, and it is the same demo on both
// (the server seeds it at start-up on either).
const seeded = new Map<Dialect, TempData>();
const seededBy = new Map<Dialect, Awaited<ReturnType<typeof seedDemo>>>();

beforeAll(async () => {
	for (const dialect of DIALECTS) {
		const db = await tempData(dialect);
		seeded.set(dialect, db);
		expect(await isEmptyOn(db.data)).toBe(true);
		// The demo's answer links are signed with JOBS_SECRET on PostgreSQL; on SQLite with the key
		// file beside the database, as in production, when JOBS_SECRET is not set.
		const before = process.env.JOBS_SECRET;
		if (dialect === 'postgres') process.env.JOBS_SECRET = 'the demo seed on PostgreSQL';
		try {
			seededBy.set(dialect, await seedDemo(db.data, 'http://localhost:3000'));
		} finally {
			if (before === undefined) delete process.env.JOBS_SECRET;
			else process.env.JOBS_SECRET = before;
		}
		expect(await isEmptyOn(db.data)).toBe(false);
	}
}, 240_000);
afterAll(async () => {
	for (const db of seeded.values()) await db.cleanup();
});

const on = (dialect: Dialect): Data => seeded.get(dialect)!.data;

/** How many rows each table of the schema holds. */
async function rowsPerTable(data: Data): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const table of Object.values(data.t as Record<string, unknown>)) {
		if (!is(table, Table)) continue;
		const [row] = await data.q.select({ n: count() }).from(table as never);
		counts[getTableName(table)] = Number((row as { n: number | string }).n);
	}
	return counts;
}

/** Each plenary sitting's title with its agenda's titles, read from the stored document. */
async function agendas(data: Data): Promise<[string, string[]][]> {
	const { plenarySessions } = data.t;
	const sessions = await data.q.select().from(plenarySessions).orderBy(asc(plenarySessions.startsAt), asc(plenarySessions.id));
	const out: [string, string[]][] = [];
	for (const session of sessions)
		out.push([session.title, await readDocumentOn(data, plenaryDoc(session.id), (doc) => readAgenda(doc).map((item) => item.title))]);
	return out;
}

describe.each(DIALECTS)('the demo seed on %s', (dialect) => {
	const data = () => on(dialect);
	const seededDemo = () => seededBy.get(dialect)!;
	const conferenceId = () => seededDemo().conferenceId;

	it('is the conference the README promises: office of two, 2 moderators, ~20 members, deputies, 1 newsletter editor', async () => {
		const { conferenceMemberships } = data().t;
		const rows = await data().q.select().from(conferenceMemberships).where(eq(conferenceMemberships.conferenceId, conferenceId()));
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
		expect((await listGroups(data(), conferenceId())).map((g) => [g.name, g.memberCount])).toEqual([
			['AG Pflege und Versorgung im Alter', 6],
			['AG Psychische Gesundheit', 6],
			['AG Zugang für alle', 7],
			['Lenkungsgruppe', 5]
		]);
	});

	it('has the minutes of each group’s last meeting: sent round, and approved for two groups and the steering group', async () => {
		const { jobs, meetingMinutes, minutesVersions } = data().t;
		const minutes = await data().q.select({ status: meetingMinutes.status }).from(meetingMinutes);
		expect(minutes.map((m) => m.status).sort()).toEqual(['approved', 'approved', 'approved', 'circulated']);
		// Past meetings' minutes are history: nobody is mailed about them when the demo is seeded.
		expect(await data().q.select().from(jobs).where(eq(jobs.kind, 'mail.minutesCirculated'))).toEqual([]);
		const records = await data().q.select().from(minutesVersions).where(eq(minutesVersions.reason, 'approved'));
		expect(records.filter((r) => r.html.includes('<h3>2. Bestandsaufnahme: Was fehlt im Landkreis?</h3>'))).toHaveLength(2);
	});

	it('has a steering group that meets again before the next sitting, and says publicly how to take part', async () => {
		const { conferences, groupMeetings, workingGroups } = data().t;
		const [steering] = await data()
			.q.select()
			.from(workingGroups)
			.where(and(eq(workingGroups.conferenceId, conferenceId()), eq(workingGroups.kind, 'steering')));
		const upcoming = await data()
			.q.select()
			.from(groupMeetings)
			.where(and(eq(groupMeetings.groupId, steering.id), gt(groupMeetings.startsAt, new Date())));
		expect(upcoming).toHaveLength(1);
		const [conference] = await data().q.select().from(conferences).where(eq(conferences.id, conferenceId()));
		expect(conference.settings.participation?.whoCanJoinEasy).toContain('mitmachen');
	});

	it('has three self-advocates, recorded with consent', async () => {
		const { supportProfiles } = data().t;
		const profiles = await data().q.select().from(supportProfiles).where(eq(supportProfiles.selfAdvocate, true));
		expect(profiles).toHaveLength(3);
		expect(profiles.every((p) => p.consentRecordedAt instanceof Date)).toBe(true);
	});

	it('has three working groups and the steering group, each with coordination, moderation and minute-taking assigned', async () => {
		const { groupMemberships, workingGroups } = data().t;
		const groups = await data().q.select().from(workingGroups).where(eq(workingGroups.conferenceId, conferenceId()));
		expect(groups.map((g) => g.kind).sort()).toEqual(['steering', 'working', 'working', 'working']);
		for (const group of groups) {
			for (const role of ['coordinator', 'moderator', 'minute_taker'] as const) {
				const holders = await data()
					.q.select()
					.from(groupMemberships)
					.where(and(eq(groupMemberships.groupId, group.id), eq(groupMemberships.role, role)));
				expect(holders, `${group.name}: ${role}`).toHaveLength(1);
			}
		}
	});

	it('the last sitting took two resolutions: a named vote and a consensus with concerns on record', async () => {
		const { resolutions } = data().t;
		const taken = await data().q.select().from(resolutions).orderBy(asc(resolutions.number));
		expect(taken.map((r) => [r.number, r.kind, r.outcome])).toEqual([
			[1, 'vote', 'adopted'],
			[2, 'consensus', 'consensus']
		]);
		expect(taken[0].tally).toEqual({ yes: 10, no: 2, abstain: 1 });
		expect(taken[0].seats.present * 2).toBeGreaterThanOrEqual(taken[0].seats.total);
	});

	it('has a recommendation at each stage: adopted by resolution 1, forwarded and reported on; referred back; on today’s agenda; agreed; a draft', async () => {
		const { recommendations, recommendationUpdates, resolutions } = data().t;
		const rows = await data().q.select().from(recommendations).where(eq(recommendations.conferenceId, conferenceId()));
		expect(rows.map((r) => r.status).sort()).toEqual(['agreed', 'draft', 'forwarded', 'referred_back', 'submitted']);
		const forwarded = rows.find((r) => r.status === 'forwarded')!;
		const [resolution] = await data().q.select().from(resolutions).where(eq(resolutions.id, forwarded.resolutionId!));
		expect(resolution?.number).toBe(1);
		expect(await data().q.select().from(recommendationUpdates).where(eq(recommendationUpdates.recommendationId, forwarded.id))).toHaveLength(2);
		expect(rows.find((r) => r.status === 'submitted')?.agendaItemId).toBeTruthy();
		// Only the adopted one is public, with its easy-language summary and reporters by organisation.
		expect((await listPublicRecommendations(data(), conferenceId())).map((r) => r.id)).toEqual([forwarded.id]);
		const pub = (await getPublicRecommendation(data(), conferenceId(), forwarded.id))!;
		expect(pub.stage).toBe('in_progress');
		expect(pub.texts.easySummary.split('\n').every((line) => line.split(' ').length <= 10)).toBe(true);
		expect(pub.reports.every((r) => r.reporterOrganisation)).toBe(true);
	});

	it('has a newsletter: 30 subscribers in both editions, two published issues, and a draft with suggestions waiting', async () => {
		const { digestDeliveries, digests, digestSuggestionsUsed, newsletterSubscribers } = data().t;
		const subscribers = await data().q.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.conferenceId, conferenceId()));
		const active = subscribers.filter((s) => s.state === 'active');
		expect(active).toHaveLength(30);
		expect(active.filter((s) => s.edition === 'easy').length).toBeGreaterThanOrEqual(8);
		expect(subscribers.map((s) => s.state)).toEqual(expect.arrayContaining(['pending', 'unsubscribed']));
		const issues = await data().q.select().from(digests).where(eq(digests.conferenceId, conferenceId()));
		const published = issues.filter((d) => d.state === 'published');
		expect(published.map((d) => d.number).sort()).toEqual([1, 2]);
		expect(published.every((d) => d.htmlStandard!.includes('<h2') && d.htmlEasy !== null)).toBe(true);
		const draft = issues.find((d) => d.state === 'draft')!;
		expect((await listSuggestions(data(), conferenceId())).length).toBeGreaterThan(0);
		expect(await data().q.select().from(digestSuggestionsUsed).where(eq(digestSuggestionsUsed.digestId, draft.id))).toHaveLength(1);
		// The published issues went out: nothing of them waits to be sent when the demo starts.
		expect((await data().q.select().from(digestDeliveries)).every((d) => d.state === 'sent')).toBe(true);
	});

	it('has easy-language versions for today’s sitting, checked by the Prüfgruppe, one draft, and none that the checker would flag', async () => {
		const { easyTexts } = data().t;
		const rows = await data().q.select().from(easyTexts).where(eq(easyTexts.conferenceId, conferenceId()));
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
		const { access } = seededDemo();
		expect(access.length).toBeGreaterThanOrEqual(8);
		for (const entry of access) {
			const token = entry.link.split('/l/')[1];
			const result = await signInWithAccessLink(data(), token);
			expect(result.ok, entry.role).toBe(true);
			if (result.ok) expect(result.person.displayName).toBe(entry.name);
		}
		const staff = access.filter((a) => a.password);
		expect(staff).toHaveLength(3);
		for (const entry of staff) {
			const result = await signInWithPassword(data(), { email: entry.email!, password: entry.password!, clientAddress: `seed-test-${dialect}` });
			expect(result.ok, entry.role).toBe(true);
		}
	});

	it('has accessibility feedback for the office: one open, one answered; and a sign-language video on the conference', async () => {
		const { accessibilityFeedback, conferences } = data().t;
		const rows = await data().q.select().from(accessibilityFeedback).where(eq(accessibilityFeedback.conferenceId, conferenceId()));
		expect(rows.map((r) => r.answeredAt !== null).sort()).toEqual([false, true]);
		expect(rows.every((r) => r.replyDueAt.getTime() > r.receivedAt.getTime())).toBe(true);
		const [conference] = await data().q.select().from(conferences).where(eq(conferences.id, conferenceId()));
		expect(conference.settings.signLanguageVideoUrl).toMatch(/^https:\/\//);
	});

	it('has allowances in every step, with one paid payout batch, approved and released by two different office members', async () => {
		const { claims, jobs, payoutBatches } = data().t;
		const rows = await data().q.select({ status: claims.status, approver: claims.approvedByPersonId, releaser: claims.releasedByPersonId }).from(claims);
		expect(new Set(rows.map((c) => c.status))).toEqual(new Set(['draft', 'submitted', 'approved', 'released', 'paid', 'rejected', 'cancelled']));
		for (const c of rows.filter((c) => c.releaser !== null)) expect(c.releaser).not.toBe(c.approver);
		const batches = await data()
			.q.select({ id: payoutBatches.id, n: payoutBatches.transferCount, xml: payoutBatches.xml, totalCents: payoutBatches.totalCents })
			.from(payoutBatches);
		expect(batches).toHaveLength(1);
		expect(batches[0].n).toBe(2);
		expect(batches[0].xml).toContain('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
		// The batch's page shows what each claim paid: its lines were added before it was paid.
		const paid = await data().q.select({ id: claims.id }).from(claims).where(eq(claims.batchId, batches[0].id));
		const amounts = [
			...(
				await payoutAmountsOn(
					data(),
					paid.map((c) => c.id)
				)
			).values()
		];
		expect(amounts.every((cents) => cents > 0)).toBe(true);
		expect(amounts.reduce((sum, cents) => sum + cents, 0)).toBe(batches[0].totalCents);
		// History, not news: the demo mails nobody about claims of the past.
		expect(await data().q.select().from(jobs).where(eq(jobs.kind, 'mail.claimStep'))).toEqual([]);
	});

	it('has sectors with targets, gaps in some, members without a sector, and a term ending within 60 days', async () => {
		const sectors = await listSectors(data(), conferenceId());
		expect(sectors.find((s) => s.name === 'Selbsthilfe und Selbstvertretung')?.targetSeats).toBe(5);
		const c = await memberComposition(data(), conferenceId());
		expect(c.plenary.some((r) => r.missing > 0)).toBe(true);
		expect(c.plenary.some((r) => r.target !== null && r.missing === 0 && r.actual >= r.target)).toBe(true);
		expect(c.plenary.at(-1)?.sectorId).toBeNull();
		expect(c.groups.filter((g) => g.rows.some((r) => r.target !== null))).toHaveLength(3);
		const soon = c.endingTerms.filter((t) => t.appointedUntil.getTime() - Date.now() < 60 * 86_400_000);
		expect(soon.length).toBeGreaterThanOrEqual(1);
	});

	it('has self-descriptions where some plenary counts reach 5 and others are suppressed', async () => {
		const { tables } = await diversityAggregates(data(), conferenceId());
		const cells = Object.values(tables[0].counts).flatMap((answers) => Object.values(answers));
		expect(cells.filter((c) => 'value' in c).length).toBeGreaterThan(3);
		expect(cells.filter((c) => 'suppressed' in c).length).toBeGreaterThan(3);
		expect(tables[0].responses).toEqual({ value: 16 });
	});
});

describe('the demo seed on SQLite and PostgreSQL', () => {
	it('holds the same number of rows in every table on both', async () => {
		const sqlite = await rowsPerTable(on('sqlite'));
		const postgres = await rowsPerTable(on('postgres'));
		// The documents' log rows are compared by document below: how many projections of a poll's
		// count a burst of votes makes depends on the time the votes take (scheduleProjection).
		const { doc_updates: sqliteLog, ...sqliteRest } = sqlite;
		const { doc_updates: postgresLog, ...postgresRest } = postgres;
		expect(postgresRest).toEqual(sqliteRest);
		expect(sqliteLog).toBeGreaterThan(0);
		expect(postgresLog).toBeGreaterThan(0);
		// And a demo worth comparing: what it promises is there.
		for (const table of [
			'people',
			'conference_memberships',
			'working_groups',
			'group_memberships',
			'group_meetings',
			'meeting_minutes',
			'minutes_versions',
			'plenary_sessions',
			'polls',
			'poll_ballots',
			'resolutions',
			'recommendations',
			'claims',
			'digests',
			'newsletter_subscribers',
			'easy_texts',
			'invitation_campaigns',
			'invitations',
			'accessibility_feedback',
			'member_seats',
			'doc_updates',
			'audit_log'
		])
			expect(sqlite[table], table).toBeGreaterThan(0);
	});

	it('stores the same documents on both', async () => {
		const documents = async (data: Data) => {
			const { docUpdates } = data.t;
			const names = await data.q.selectDistinct({ name: docUpdates.docName }).from(docUpdates);
			const perKind: Record<string, number> = {};
			for (const { name } of names) perKind[name.split(':')[0]] = (perKind[name.split(':')[0]] ?? 0) + 1;
			return perKind;
		};
		const sqlite = await documents(on('sqlite'));
		expect(await documents(on('postgres'))).toEqual(sqlite);
		expect(sqlite).toEqual({ digest: 3, minutes: 4, plenary: 2, recommendation: 5 });
	});

	it('has the same people, roles and agenda titles on both', async () => {
		const view = async (data: Data) => {
			const { conferenceMemberships, people } = data.t;
			const persons = (await data.q.select({ name: people.displayName, organisation: people.organisation }).from(people))
				.map((p) => `${p.name} (${p.organisation})`)
				.sort();
			const roles = (
				await data.q
					.select({ name: people.displayName, role: conferenceMemberships.role, status: conferenceMemberships.memberStatus })
					.from(conferenceMemberships)
					.innerJoin(people, eq(people.id, conferenceMemberships.personId))
			)
				.map((r) => `${r.name}: ${r.role}/${r.status ?? ''}`)
				.sort();
			return { persons, roles, agendas: await agendas(data) };
		};
		const sqlite = await view(on('sqlite'));
		expect(await view(on('postgres'))).toEqual(sqlite);
		expect(sqlite.agendas.map(([, titles]) => titles.length)).toEqual([3, 6, 0]);
		expect(sqlite.agendas[1][1][0]).toBe('Begrüßung und Feststellung der Beschlussfähigkeit');
	});
});
