import { eq } from 'drizzle-orm';
import { sqliteData } from '../../src/lib/server/db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, plenarySessions } from '../../src/lib/server/db/schema';
import { checkIn } from '../../src/lib/server/commands/checkIn';
import { requestToSpeak } from '../../src/lib/server/commands/requestToSpeak';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { myDates, myRecentSummaries } from '../../src/lib/server/easy/dates';
import { easyPlenaryView } from '../../src/lib/server/easy/plenary';
import { EASY_SECTIONS, easySectionsFor } from '../../src/lib/server/easy/sections';
import { loadActorOn } from '../../src/lib/server/policies';
import { tempDatabase } from './support/db';

const storage = tempDatabase();
const db = storage.db;
beforeAll(async () => {
	await seedDemo(sqliteData(db.$client), 'http://localhost:3000');
});
afterAll(() => storage.cleanup());

const personId = (name: string) => db.select({ id: people.id }).from(people).where(eq(people.displayName, name)).get()!.id;

describe('the easy pages read', () => {
	it("a person's dates from today on: the plenary's sittings and their own group's meetings only", async () => {
		const lena = await loadActorOn(sqliteData(db.$client), personId('Lena Maurer'));
		const dates = await myDates(sqliteData(db.$client), lena);
		expect(dates.map((d) => [d.kind, d.title])).toEqual([
			['plenary', 'Plenum: Psychische Gesundheit junger Menschen'],
			['meeting', 'AG Zugang für alle: Empfehlung abstimmen'],
			['plenary', 'Plenum: Pflege zu Hause – Bilanz der Empfehlungen']
		]);
		expect(dates[1].groupName).toBe('AG Zugang für alle');
		expect(dates[0].href).toMatch(/^\/einfach\/sitzung\//);
		expect(dates[1].href).toMatch(/^\/einfach\/treffen\//);
		// Sorted by time; past dates are left out.
		expect(dates.every((d, i) => i === 0 || d.startsAt >= dates[i - 1].startsAt)).toBe(true);
	});

	it("today's agenda with each item's easy version, and the person's place once they ask to speak", async () => {
		const lenaId = personId('Lena Maurer');
		const lena = await loadActorOn(sqliteData(db.$client), lenaId);
		const session = db.select().from(plenarySessions).where(eq(plenarySessions.title, 'Plenum: Psychische Gesundheit junger Menschen')).get()!;
		const before = await easyPlenaryView(sqliteData(db.$client), session, lenaId);
		expect(before.items.map((i) => [i.number, i.type])).toEqual([
			['1', 'information'],
			['2', 'information'],
			['3', 'information'],
			[null, 'break'],
			['4', 'decision'],
			['5', 'discussion']
		]);
		// The demo's easy versions: checked by the Prüfgruppe, one draft, none for the break and "Verschiedenes".
		expect(before.items.map((i) => i.easy.status)).toEqual(['checked', 'checked', 'draft', 'missing', 'checked', 'missing']);
		expect(before.current).toBeNull();
		expect(before.speakers.place).toBeNull();

		await checkIn(sqliteData(db.$client), lena, { code: session.checkInCode, method: 'code', sessionId: session.id, now: session.startsAt });
		await requestToSpeak(sqliteData(db.$client), lena, { conferenceId: session.conferenceId, sessionId: session.id, pointOfOrder: false });
		expect((await easyPlenaryView(sqliteData(db.$client), session, lenaId)).speakers.place).toBe(1);
	});

	it('what my groups discussed: recent approved minutes with an easy summary, for the group’s members only', async () => {
		const lena = await loadActorOn(sqliteData(db.$client), personId('Lena Maurer'));
		expect((await myRecentSummaries(sqliteData(db.$client), lena)).map((d) => [d.title, d.groupName])).toEqual([
			['AG Zugang für alle: Bestandsaufnahme', 'AG Zugang für alle']
		]);
		expect((await myRecentSummaries(sqliteData(db.$client), lena))[0].href).toMatch(/^\/einfach\/treffen\/.+#minutes-heading$/);
		// Another group's approved minutes have no summary yet: nothing to show there.
		expect(await myRecentSummaries(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), personId('Claudia Richter')))).toEqual([]);
		// Long past is left out.
		expect(await myRecentSummaries(sqliteData(db.$client), lena, new Date(Date.now() + 200 * 86_400_000))).toEqual([]);
	});

	it('sections from the registry, each only where it is visible: "Mein Geld" for people with allowances', async () => {
		const lenaId = personId('Lena Maurer');
		const data = sqliteData(db.$client);
		const ctx = { data, actor: await loadActorOn(sqliteData(db.$client), lenaId), personId: lenaId };
		// Lena Maurer is eligible and has claims in the demo; Jens Hoffmann has none.
		expect((await easySectionsFor(ctx)).map((s) => s.href)).toEqual(['/einfach/termine', '/einfach/geld']);
		const jensId = personId('Jens Hoffmann');
		expect((await easySectionsFor({ data, actor: await loadActorOn(sqliteData(db.$client), jensId), personId: jensId })).map((s) => s.href)).toEqual([
			'/einfach/termine'
		]);
		const extra = { id: 'extra', href: '/einfach/extra', label: () => 'Noch etwas', pictogram: 'money' as const, visible: () => false };
		expect((await easySectionsFor(ctx, [...EASY_SECTIONS, extra])).map((s) => s.id)).toEqual(['dates', 'money']);
		expect((await easySectionsFor(ctx, [...EASY_SECTIONS, { ...extra, visible: () => true }])).map((s) => s.label)).toEqual([
			'Meine Termine',
			'Mein Geld',
			'Noch etwas'
		]);
	});
});
