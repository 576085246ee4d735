import { eq } from 'drizzle-orm';
import { first, type Data } from '../../src/lib/server/db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIn } from '../../src/lib/server/commands/checkIn';
import { requestToSpeak } from '../../src/lib/server/commands/requestToSpeak';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { myDates, myRecentSummaries } from '../../src/lib/server/easy/dates';
import { easyPlenaryView } from '../../src/lib/server/easy/plenary';
import { EASY_SECTIONS, easySectionsFor } from '../../src/lib/server/easy/sections';
import { loadActorOn } from '../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from './support/data';
import { useJobsSecret } from './support/jobsSecret';

describe.each(DIALECTS)('the easy pages on %s', (dialect) => {
	let data: Data;
	// The demo's invitations carry answer links, signed with JOBS_SECRET on PostgreSQL: no key file beside a database there.
	if (dialect === 'postgres') useJobsSecret();
	// Seeding the demo statement by statement takes a while, over PostgreSQL on a busy machine most.
	let database: TempData | undefined;
	beforeAll(async () => {
		database = await tempData(dialect);
		data = database.data;
		await seedDemo(data, 'http://localhost:3000');
	}, 180_000);
	// Registered apart from the seeding: a seed that fails or times out still leaves no database and pool behind.
	afterAll(() => database?.cleanup());

	const personId = async (name: string) =>
		first(await data.q.select({ id: data.t.people.id }).from(data.t.people).where(eq(data.t.people.displayName, name)))!.id;

	describe('the easy pages read', () => {
		it("a person's dates from today on: the plenary's sittings and their own group's meetings only", async () => {
			const lena = await loadActorOn(data, await personId('Lena Maurer'));
			const dates = await myDates(data, lena);
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
			const lenaId = await personId('Lena Maurer');
			const lena = await loadActorOn(data, lenaId);
			const { plenarySessions } = data.t;
			const session = first(await data.q.select().from(plenarySessions).where(eq(plenarySessions.title, 'Plenum: Psychische Gesundheit junger Menschen')))!;
			const before = await easyPlenaryView(data, session, lenaId);
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

			await checkIn(data, lena, { code: session.checkInCode, method: 'code', sessionId: session.id, now: session.startsAt });
			await requestToSpeak(data, lena, { conferenceId: session.conferenceId, sessionId: session.id, pointOfOrder: false });
			expect((await easyPlenaryView(data, session, lenaId)).speakers.place).toBe(1);
		});

		it('what my groups discussed: recent approved minutes with an easy summary, for the group’s members only', async () => {
			const lena = await loadActorOn(data, await personId('Lena Maurer'));
			expect((await myRecentSummaries(data, lena)).map((d) => [d.title, d.groupName])).toEqual([
				['AG Zugang für alle: Bestandsaufnahme', 'AG Zugang für alle']
			]);
			expect((await myRecentSummaries(data, lena))[0].href).toMatch(/^\/einfach\/treffen\/.+#minutes-heading$/);
			// Another group's approved minutes have no summary yet: nothing to show there.
			expect(await myRecentSummaries(data, await loadActorOn(data, await personId('Claudia Richter')))).toEqual([]);
			// Long past is left out.
			expect(await myRecentSummaries(data, lena, new Date(Date.now() + 200 * 86_400_000))).toEqual([]);
		});

		it('sections from the registry, each only where it is visible: "Mein Geld" for people with allowances', async () => {
			const lenaId = await personId('Lena Maurer');
			const ctx = { data, actor: await loadActorOn(data, lenaId), personId: lenaId };
			// Lena Maurer is eligible and has claims in the demo; Jens Hoffmann has none.
			expect((await easySectionsFor(ctx)).map((s) => s.href)).toEqual(['/einfach/termine', '/einfach/geld']);
			const jensId = await personId('Jens Hoffmann');
			expect((await easySectionsFor({ data, actor: await loadActorOn(data, jensId), personId: jensId })).map((s) => s.href)).toEqual(['/einfach/termine']);
			const extra = { id: 'extra', href: '/einfach/extra', label: () => 'Noch etwas', pictogram: 'money' as const, visible: () => false };
			expect((await easySectionsFor(ctx, [...EASY_SECTIONS, extra])).map((s) => s.id)).toEqual(['dates', 'money']);
			expect((await easySectionsFor(ctx, [...EASY_SECTIONS, { ...extra, visible: () => true }])).map((s) => s.label)).toEqual([
				'Meine Termine',
				'Mein Geld',
				'Noch etwas'
			]);
		});
	});
});
