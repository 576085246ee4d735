// On both databases: each query runs on the demo in SQLite and on a PostgreSQL copy of it, and must answer the same.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EASY_TEXT_KINDS } from '../../../src/lib/easy/versions';
import { sqliteData, type Data } from '../../../src/lib/server/db/client';
import { people, plenarySessions, recommendations } from '../../../src/lib/server/db/schema';
import { seedDemo } from '../../../src/lib/server/demo/seed';
import { myRecentSummaries } from '../../../src/lib/server/easy/dates';
import { checkedEasyInvitationOn } from '../../../src/lib/server/easy/invitation';
import { easyPlenaryView } from '../../../src/lib/server/easy/plenary';
import { EASY_SOURCES } from '../../../src/lib/server/easy/sources';
import { checkedEasyVersion, easyVersionsOf } from '../../../src/lib/server/easy/versions';
import { loadActorOn } from '../../../src/lib/server/policies';
import { easyTextLink, getEasyText, listEasyTexts } from '../../../src/lib/server/queries/easyTexts';
import { copyToPostgres } from '../support/copyToPostgres';
import type { TempData } from '../support/data';
import { tempDatabase } from '../support/db';

// The easy-language layer on the data layer, run on the demo conference in SQLite and on a
// PostgreSQL copy of it: the same answer on both, and an answer worth comparing (not empty).
const storage = tempDatabase();
const db = storage.db;
let postgres: TempData;
let conferenceId: string;
const now = new Date();
beforeAll(async () => {
	conferenceId = (await seedDemo(sqliteData(db.$client), 'http://localhost:3000')).conferenceId;
	postgres = await copyToPostgres(db);
}, 120_000);
afterAll(async () => {
	await postgres?.cleanup();
	storage.cleanup();
});

const actorNamed = (name: string) =>
	loadActorOn(sqliteData(db.$client), db.select({ id: people.id }).from(people).where(eq(people.displayName, name)).get()!.id);
const todaysSession = () => db.select().from(plenarySessions).where(eq(plenarySessions.title, 'Plenum: Psychische Gesundheit junger Menschen')).get()!;

/** The query's answer on SQLite, after checking PostgreSQL's copy gives the same. */
async function onBoth<T>(query: (data: Data) => Promise<T>): Promise<T> {
	const fromSqlite = await query(sqliteData(db.$client));
	expect(await query(postgres.data)).toEqual(fromSqlite);
	return fromSqlite;
}

describe('the easy-language layer answers alike on SQLite and PostgreSQL', () => {
	it("every source lists the conference's texts and finds each of them", async () => {
		for (const kind of EASY_TEXT_KINDS) {
			const listed = await onBoth((data) => EASY_SOURCES[kind].list(data, conferenceId, now));
			expect(listed.length, kind).toBeGreaterThan(0);
			expect(listed.every((text) => text.kind === kind && text.conferenceId === conferenceId && text.standardText.length > 0)).toBe(true);
			for (const text of listed) {
				expect(await onBoth((data) => EASY_SOURCES[kind].find(data, conferenceId, text.subjectId))).toEqual(text);
			}
			// Not in another conference, and nothing that does not exist.
			expect(await onBoth((data) => EASY_SOURCES[kind].find(data, 'elsewhere', listed[0].subjectId))).toBeNull();
			expect(await onBoth((data) => EASY_SOURCES[kind].find(data, conferenceId, 'nosuch'))).toBeNull();
		}
		const agenda = await onBoth((data) => EASY_SOURCES.agenda_item.list(data, conferenceId, now));
		expect(agenda.map((item) => item.title)).toContain('1. Begrüßung und Feststellung der Beschlussfähigkeit');
	});

	it('a draft recommendation is no easy text', async () => {
		const draft = db
			.select({ id: recommendations.id })
			.from(recommendations)
			.where(and(eq(recommendations.conferenceId, conferenceId), eq(recommendations.status, 'draft')))
			.get();
		if (draft) expect(await onBoth((data) => EASY_SOURCES.recommendation.find(data, conferenceId, draft.id))).toBeNull();
	});

	it('the overview, one text, its link and the versions, for the office and the Prüfgruppe', async () => {
		const office = await actorNamed('Sabine Krüger');
		const entries = await onBoth((data) => listEasyTexts(data, office, conferenceId));
		expect(new Set(entries.map((e) => e.status))).toEqual(new Set(['checked', 'draft', 'missing']));
		const checked = entries.find((e) => e.status === 'checked' && e.text.kind === 'plenary_session')!;
		expect(checked.version?.checkedByName).toBeTruthy();
		expect(await onBoth((data) => listEasyTexts(data, office, conferenceId, { kind: 'agenda_item', status: 'draft' }))).toHaveLength(1);
		expect(await onBoth((data) => getEasyText(data, office, conferenceId, 'plenary_session', checked.text.subjectId))).toEqual(checked);
		expect(await onBoth((data) => easyTextLink(data, office, conferenceId, 'plenary_session', checked.text.subjectId))).toEqual({
			href: `/conferences/${conferenceId}/easy/plenary_session/${checked.text.subjectId}`,
			status: 'checked'
		});
		const checker = await actorNamed('Jürgen Albrecht');
		const forChecker = await onBoth((data) => listEasyTexts(data, checker, conferenceId));
		expect(forChecker.filter((e) => e.canCheck).map((e) => e.text.kind)).toContain('agenda_item');

		const versions = await onBoth(async (data) => [
			...(await easyVersionsOf(
				data,
				'agenda_item',
				entries.filter((e) => e.text.kind === 'agenda_item').map((e) => ({ subjectId: e.text.subjectId, standardText: e.text.standardText }))
			))
		]);
		expect(versions.map(([, v]) => v.status).sort()).toEqual(['checked', 'checked', 'checked', 'draft', 'missing']);
		const recommendation = entries.find((e) => e.text.kind === 'recommendation' && e.status === 'checked')!;
		expect(await onBoth((data) => checkedEasyVersion(data, 'recommendation', recommendation.text.subjectId, recommendation.text.standardText))).toMatchObject({
			status: 'checked'
		});
		expect(await onBoth((data) => checkedEasyInvitationOn(data, conferenceId))).toMatch(/Sie sind eingeladen/);
	});

	it("the easy pages: today's agenda with its easy versions, and my groups' recent summaries", async () => {
		const lena = await actorNamed('Lena Maurer');
		const session = todaysSession();
		const view = await onBoth((data) => easyPlenaryView(data, session, lena.personId!));
		expect(view.broken).toBe(false);
		expect(view.items.map((i) => i.easy.status)).toEqual(['checked', 'checked', 'draft', 'missing', 'checked', 'missing']);
		const summaries = await onBoth((data) => myRecentSummaries(data, lena));
		expect(summaries.map((d) => d.title)).toEqual(['AG Zugang für alle: Bestandsaufnahme']);
	});
});
