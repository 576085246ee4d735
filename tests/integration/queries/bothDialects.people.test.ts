// On both databases: each query runs on the demo in SQLite and on a PostgreSQL copy of it, and must answer the same.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteData, type Data } from '../../../src/lib/server/db/client';
import { DEFAULT_CONFERENCE_SETTINGS, people, recommendations, workingGroups } from '../../../src/lib/server/db/schema';
import { createConference } from '../../../src/lib/server/commands/createConference';
import { recordSupportProfile } from '../../../src/lib/server/commands/recordSupportProfile';
import { seedDemo } from '../../../src/lib/server/demo/seed';
import { ANONYMOUS, loadActorOn, SYSTEM } from '../../../src/lib/server/policies';
import { conferencesVisibleTo, getConferenceOn } from '../../../src/lib/server/queries/conferences';
import {
	deputiesOf,
	diversityAggregates,
	getDiversityProfile,
	getMemberSeat,
	groupSectorTargets,
	listSectors,
	memberComposition,
	ownDiversityProfiles
} from '../../../src/lib/server/queries/members';
import { joinFacts } from '../../../src/lib/server/queries/participation';
import {
	auditForConference,
	auditForSubjectOn,
	getPersonDetail,
	getSupportProfile,
	listAccessLinks,
	listConferencePeople,
	listVotingMembers,
	namesInAudit,
	namesOf
} from '../../../src/lib/server/queries/people';
import {
	agendaItemsForScheduling,
	currentRecommendationTexts,
	getPublicRecommendation,
	getRecommendation,
	implementationReports,
	listConferenceRecommendations,
	listGroupRecommendations,
	listPublicRecommendations,
	plenaryLink,
	publicRecommendationGroups,
	recommendationGroupsVisibleTo,
	recommendationHistory,
	resolutionsForItem
} from '../../../src/lib/server/queries/recommendations';
import { copyToPostgres } from '../support/copyToPostgres';
import type { TempData } from '../support/data';
import { tempDatabase } from '../support/db';

// The people, members, participation, recommendations and conferences queries moved to the data layer, each run on the demo
// conference in SQLite and on a PostgreSQL copy of it: the same answer on both, and an answer worth
// comparing (not empty).
const storage = tempDatabase();
const db = storage.db;
let postgres: TempData;
let conferenceId: string;
let otherConferenceId: string;
beforeAll(async () => {
	conferenceId = (await seedDemo(sqliteData(db.$client), 'http://localhost:3000')).conferenceId;
	await recordSupportProfile(sqliteData(db.$client), await actorNamed('Sabine Krüger'), {
		conferenceId,
		personId: personNamed('Jürgen Albrecht'),
		consent: true,
		selfAdvocate: true,
		needsSignLanguage: false,
		needsStepFreeAccess: true,
		needsCompanion: true
	});
	otherConferenceId = (
		await createConference(sqliteData(db.$client), SYSTEM, {
			name: 'Gesundheitskonferenz Nachbarkreis',
			region: 'Nachbarkreis',
			description: null,
			settings: DEFAULT_CONFERENCE_SETTINGS
		})
	).id;
	postgres = await copyToPostgres(db);
}, 120_000);
afterAll(async () => {
	await postgres?.cleanup();
	storage.cleanup();
});

const personNamed = (name: string) => db.select({ id: people.id }).from(people).where(eq(people.displayName, name)).get()!.id;
const actorNamed = (name: string) => loadActorOn(sqliteData(db.$client), personNamed(name));
const groupNamed = (name: string) => db.select().from(workingGroups).where(eq(workingGroups.name, name)).get()!;

/** The query's answer on SQLite, after checking PostgreSQL's copy gives the same. */
async function onBoth<T>(query: (data: Data) => Promise<T>): Promise<T> {
	const fromSqlite = await query(sqliteData(db.$client));
	expect(await query(postgres.data)).toEqual(fromSqlite);
	return fromSqlite;
}

describe('people, members and participation on the data layer answer alike on SQLite and PostgreSQL', () => {
	it('people: the list with roles and whom a deputy stands in for, a search, the voting members, one person with groups', async () => {
		const everyone = await onBoth((data) => listConferencePeople(data, conferenceId));
		expect(everyone.length).toBeGreaterThan(10);
		const koch = everyone.find((p) => p.displayName === 'Sabrina Koch');
		expect(koch?.roles).toEqual([{ role: 'member', memberStatus: 'deputy', deputyFor: { id: personNamed('Jens Hoffmann'), displayName: 'Jens Hoffmann' } }]);
		const aok = await onBoth((data) => listConferencePeople(data, conferenceId, 'AOK'));
		expect(aok.map((p) => p.displayName).sort()).toEqual(['Jens Hoffmann', 'Sabrina Koch']);
		const voting = await onBoth((data) => listVotingMembers(data, conferenceId));
		expect(voting.map((p) => p.displayName)).toContain('Jens Hoffmann');
		expect(voting.map((p) => p.displayName)).not.toContain('Sabrina Koch');
		const detail = await onBoth((data) => getPersonDetail(data, conferenceId, personNamed('Jürgen Albrecht')));
		expect(detail).toMatchObject({ person: { displayName: 'Jürgen Albrecht' }, roles: expect.arrayContaining([expect.objectContaining({ role: 'member' })]) });
		expect(detail?.groups.length).toBeGreaterThan(0);
		expect(await onBoth((data) => getPersonDetail(data, 'elsewhere', personNamed('Jürgen Albrecht')))).toBeUndefined();
	});

	it('people: access links, the support profile, a person’s and the conference’s audit with names', async () => {
		const albrecht = personNamed('Jürgen Albrecht');
		const links = await onBoth((data) => listAccessLinks(data, conferenceId, albrecht));
		expect(links.length).toBeGreaterThan(0);
		expect(links[0].createdAt).toBeInstanceOf(Date);
		expect(await onBoth((data) => getSupportProfile(data, conferenceId, albrecht))).toMatchObject({ needsStepFreeAccess: true, needsCompanion: true });
		const history = await onBoth((data) => auditForSubjectOn(data, conferenceId, 'person', albrecht));
		expect(history.length).toBeGreaterThan(0);
		expect(history[0]).toMatchObject({ actorName: 'Sabine Krüger', at: expect.any(Date) });
		const page = await onBoth((data) => auditForConference(data, conferenceId, { limit: 50 }));
		expect(page.length).toBe(50);
		expect(page.some((entry) => entry.before !== null || entry.after !== null)).toBe(true);
		expect(page.some((entry) => entry.subjectName !== null)).toBe(true);
		const older = await onBoth((data) => auditForConference(data, conferenceId, { before: page[page.length - 1].seq, limit: 5 }));
		expect(older.every((entry) => entry.seq < page[page.length - 1].seq)).toBe(true);
		const names = await onBoth((data) => namesInAudit(data, page));
		expect(Object.values(names).length).toBeGreaterThan(0);
		expect([...(await onBoth((data) => namesOf(data, [albrecht])))]).toEqual([[albrecht, 'Jürgen Albrecht']]);
	});

	it('members: sectors with targets, group targets, a seat, deputies, the composition and its ending terms', async () => {
		const sectors = await onBoth((data) => listSectors(data, conferenceId));
		expect(sectors.length).toBeGreaterThan(3);
		expect(sectors.some((s) => s.targetSeats > 0)).toBe(true);
		const targets = await onBoth((data) => groupSectorTargets(data, conferenceId));
		expect(targets.size).toBeGreaterThan(0);
		const hoffmann = personNamed('Jens Hoffmann');
		expect(await onBoth((data) => getMemberSeat(data, conferenceId, hoffmann))).toMatchObject({ sectorId: expect.any(String) });
		expect((await onBoth((data) => deputiesOf(data, conferenceId, hoffmann))).map((p) => p.displayName)).toEqual(['Sabrina Koch']);
		const now = new Date();
		const composition = await onBoth((data) => memberComposition(data, conferenceId, now));
		expect(composition.plenary.some((row) => row.actual > 0)).toBe(true);
		expect(composition.groups.map((g) => g.name)).toContain(groupNamed('AG Pflege und Versorgung im Alter').name);
		expect(composition.endingTerms.length).toBeGreaterThan(0);
	});

	it('members: the diversity aggregates, one self-description, one’s own answers per conference', async () => {
		const aggregates = await onBoth((data) => diversityAggregates(data, conferenceId));
		expect(aggregates.populations[0]).toEqual({ key: 'plenary', name: null, kind: null });
		expect(aggregates.tables.length).toBe(aggregates.populations.length);
		const albrecht = personNamed('Jürgen Albrecht');
		expect(await onBoth((data) => getDiversityProfile(data, conferenceId, albrecht))).toMatchObject({ ageBand: '50_to_64', gender: 'man' });
		const own = await onBoth(async (data) => ownDiversityProfiles(data, await actorNamed('Jürgen Albrecht')));
		expect(own).toMatchObject([{ conferenceId, profile: { ageBand: '50_to_64' } }]);
	});

	it('participation: the public page’s facts with the next sitting and the allowance rules', async () => {
		const facts = await onBoth((data) => joinFacts(data, conferenceId));
		expect(facts).toMatchObject({ conferenceName: expect.any(String), nextPlenary: { startsAt: expect.any(Date) }, rules: { year: expect.any(Number) } });
		expect(await onBoth((data) => joinFacts(data, 'elsewhere'))).toBeNull();
	});
});

describe('recommendations on the data layer answer alike on SQLite and PostgreSQL', () => {
	const seeded = () => db.select().from(recommendations).where(eq(recommendations.conferenceId, conferenceId)).all();
	const inStatus = (status: string) => seeded().find((r) => r.status === status)!;

	it('lists: a group’s and the conference’s with titles from their documents, the groups to filter by', async () => {
		const forwarded = inStatus('forwarded');
		const draft = inStatus('draft');
		const ofGroup = await onBoth((data) => listGroupRecommendations(data, draft.groupId));
		expect(ofGroup.find((r) => r.id === draft.id)?.title).toEqual(expect.any(String));
		const office = await actorNamed('Sabine Krüger');
		const all = await onBoth((data) => listConferenceRecommendations(data, office, conferenceId));
		expect(all.map((r) => r.status).sort()).toEqual(['agreed', 'draft', 'forwarded', 'referred_back', 'submitted']);
		expect(all.every((r) => r.title.length > 0)).toBe(true);
		const guest = await actorNamed('Dr. Julia Sommer');
		const groups = await onBoth((data) => recommendationGroupsVisibleTo(data, guest, conferenceId));
		expect(groups.map((g) => g.id)).toEqual([forwarded.groupId]);
	});

	it('one recommendation: its texts (frozen and from the document), history, reports, plenary link and resolutions', async () => {
		const forwarded = inStatus('forwarded');
		const found = await onBoth((data) => getRecommendation(data, conferenceId, forwarded.id));
		expect(found).toMatchObject({ recommendation: { id: forwarded.id, status: 'forwarded' }, groupName: expect.any(String) });
		const frozen = await onBoth((data) => currentRecommendationTexts(data, found!.recommendation));
		expect(frozen).toMatchObject({ texts: { title: forwarded.title }, broken: false });
		const draft = (await getRecommendation(sqliteData(db.$client), conferenceId, inStatus('draft').id))!.recommendation;
		const live = await onBoth((data) => currentRecommendationTexts(data, draft));
		expect(live.broken).toBe(false);
		expect(live.texts.title.length).toBeGreaterThan(0);
		const history = await onBoth((data) => recommendationHistory(data, forwarded.id));
		expect(history.map((e) => e.event)).toContain('adopted');
		expect(history.find((e) => e.event === 'adopted')).toMatchObject({ resolutionNumber: 1, byName: expect.any(String) });
		expect((await onBoth((data) => implementationReports(data, forwarded.id))).length).toBe(2);
		const link = await onBoth((data) => plenaryLink(data, found!.recommendation));
		expect(link).toMatchObject({ session: { title: expect.any(String) }, resolution: { number: 1 } });
		const resolutionsOfItem = await onBoth((data) => resolutionsForItem(data, forwarded.sessionId!, forwarded.agendaItemId!));
		expect(resolutionsOfItem.map((r) => r.number)).toContain(1);
	});

	it('the agenda items a recommendation can be put on, read from the sittings’ documents', async () => {
		const items = await onBoth((data) => agendaItemsForScheduling(data, conferenceId));
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((item) => item.title.length > 0)).toBe(true);
	});

	it('public: the adopted ones with their stage, the groups to filter by, one with its history and reports by organisation', async () => {
		const forwarded = inStatus('forwarded');
		const listed = await onBoth((data) => listPublicRecommendations(data, conferenceId));
		expect(listed).toMatchObject([{ id: forwarded.id, stage: 'in_progress', adoptedAt: expect.any(Date) }]);
		expect(await onBoth((data) => publicRecommendationGroups(data, conferenceId))).toEqual([{ id: forwarded.groupId, name: expect.any(String) }]);
		const pub = await onBoth((data) => getPublicRecommendation(data, conferenceId, forwarded.id));
		expect(pub).toMatchObject({ stage: 'in_progress', adoptedAt: expect.any(Date) });
		expect(pub?.reports.every((r) => r.reporterOrganisation)).toBe(true);
		expect(await onBoth((data) => getPublicRecommendation(data, conferenceId, inStatus('draft').id))).toBeUndefined();
	});
});

describe('conferences on the data layer answer alike on SQLite and PostgreSQL', () => {
	it('one conference with its settings, and those a person may open: all for a platform admin, their own for a member', async () => {
		const conference = await onBoth((data) => getConferenceOn(data, conferenceId));
		expect(conference).toMatchObject({ id: conferenceId, settings: expect.any(Object), createdAt: expect.any(Date) });
		expect(await onBoth((data) => getConferenceOn(data, 'elsewhere'))).toBeUndefined();
		const all = await onBoth((data) => conferencesVisibleTo(data, SYSTEM));
		expect(all.map((c) => c.id).sort()).toEqual([conferenceId, otherConferenceId].sort());
		const own = await onBoth(async (data) => conferencesVisibleTo(data, await actorNamed('Jürgen Albrecht')));
		expect(own.map((c) => c.id)).toEqual([conferenceId]);
		expect(await onBoth((data) => conferencesVisibleTo(data, ANONYMOUS))).toEqual([]);
	});
});
