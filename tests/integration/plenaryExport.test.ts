import ICAL from 'ical.js';
import { describe, expect, it, vi } from 'vitest';
import { plenaryDoc } from '../../src/lib/collab/docNames';
import { addAgendaItem, readAgenda, type AgendaItemFields, type ScheduledItem } from '../../src/lib/plenary/agenda';
import { setCurrentItem } from '../../src/lib/plenary/live';
import { addSpeaker, endSpeaker, nextSpeaker } from '../../src/lib/plenary/speakers';
import type { ItemSpeechRecord } from '../../src/lib/server/queries/speechRecord';
import { changeDocumentOn } from '../../src/lib/server/collab/changeDocument';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { first } from '../../src/lib/server/db/client';
import { ANONYMOUS, loadActorOn, type Actor } from '../../src/lib/server/policies';
import type { ResolutionView } from '../../src/lib/server/queries/votes';
import { GET } from '../../src/routes/(app)/conferences/[conferenceId]/plenary/[sessionId]/calendar.ics/+server';
import { load } from '../../src/routes/(app)/conferences/[conferenceId]/plenary/[sessionId]/print/+page.server';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, pagesData } from './support/fixtureOn';

// The handlers read through getData(), the process's one database; here, the suite's (see pagesData).
vi.mock('../../src/lib/server/db/data', async (original) => ({
	...(await original<typeof import('../../src/lib/server/db/data')>()),
	getData: () => pagesData()
}));

/**
 * The calendar file and the printable page, through their real route handlers on a real
 * database (SQLite and PostgreSQL); the calendar file is read back by Mozilla's iCalendar parser (ical.js).
 */
const ORIGIN = 'https://ratschlag.test';
// 17:00 in Berlin on 3 December 2026.
const STARTS_AT = new Date('2026-12-03T16:00:00Z');
const LONG_TITLE =
	'Psychische Gesundheit junger Menschen im Landkreis: Lagebild, Bedarfe und Übergänge zwischen Schule, Jugendhilfe, Ärztinnen und Ärzten – ein gemeinsamer Wegweiser für Familien';
const item = (title: string, durationMinutes: number, type: AgendaItemFields['type'] = 'information', presenter = ''): AgendaItemFields => ({
	title,
	description: '',
	presenter,
	durationMinutes,
	type
});

const eventFor = (who: Actor, conferenceId: string, sessionId: string) =>
	({
		locals: { actor: who },
		params: { conferenceId, sessionId },
		url: new URL(`${ORIGIN}/conferences/${conferenceId}/plenary/${sessionId}/calendar.ics`)
	}) as unknown as Parameters<typeof GET>[0];

/** The HTTP status of a refusal (SvelteKit's `error()` throws an object that carries it). */
async function statusOf(run: () => unknown): Promise<number | undefined> {
	try {
		await run();
	} catch (e) {
		return (e as { status?: number }).status;
	}
	return undefined;
}

function readCalendar(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	const events = calendar.getAllSubcomponents('vevent');
	expect(events).toHaveLength(1);
	return { calendar, vevent: events[0], event: new ICAL.Event(events[0]) };
}

describe.each(DIALECTS)('a session exported on %s', (dialect) => {
	const on = fixtureOn(dialect);
	const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(on.data, on.fixture.ids[name]);

	async function newSession(agenda: AgendaItemFields[], over: { title?: string; videoUrl?: string | null } = {}) {
		const session = await createPlenarySession(on.data, await actor('office'), {
			conferenceId: on.fixture.conferenceA.id,
			title: over.title ?? 'Plenum: Psychische Gesundheit, Schule; Familie',
			startsAt: STARTS_AT,
			place: 'Landratsamt Musterstadt, Großer Saal; Eingang B',
			videoUrl: over.videoUrl === undefined ? 'https://video.example/plenum?raum=1,2' : over.videoUrl
		});
		if (agenda.length > 0) {
			await changeDocumentOn(on.data, plenaryDoc(session.id), (doc) => {
				for (const fields of agenda) addAgendaItem(doc, fields);
			});
		}
		return session;
	}

	describe('calendar file of a session (.ics)', () => {
		it('is one event from start to the planned end, with the agenda, place and video link, as a real parser reads it', async () => {
			const session = await newSession([
				item('Begrüßung, Feststellung der Beschlussfähigkeit; Tagesordnung', 10, 'information', 'Landrat Thomas Berger'),
				item('Kaffeepause', 15, 'break'),
				item(LONG_TITLE, 40, 'decision', 'AG Psychische Gesundheit'),
				item('Verschiedenes \\ Sonstiges', 20, 'discussion')
			]);
			const response = await GET(eventFor(await actor('votingMember'), on.fixture.conferenceA.id, session.id));
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
			expect(response.headers.get('content-disposition')).toBe('attachment; filename="plenum-psychische-gesundheit-schule-familie-2026-12-03.ics"');
			const text = await response.text();

			// Folded at 75 octets, every line valid UTF-8 on its own, CRLF throughout.
			const lines = text.split('\r\n');
			expect(lines.every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
			expect(lines.some((line) => line.startsWith(' '))).toBe(true);
			expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
			expect(text).toContain('\\;');
			expect(text).toContain('\\,');

			const { calendar, vevent, event } = readCalendar(text);
			expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
			expect(event.uid).toBe(`plenary-${session.id}@ratschlag.test`);
			expect(event.summary).toBe('Plenum: Psychische Gesundheit, Schule; Familie – Konferenz A');
			expect(event.location).toBe('Landratsamt Musterstadt, Großer Saal; Eingang B');
			expect(event.startDate.zone.tzid).toBe('UTC');
			expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-03T16:00:00.000Z');
			// 10 + 15 + 40 + 20 minutes of agenda: the planned end is 18:25 Berlin time.
			expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-03T17:25:00.000Z');
			expect((vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).zone.tzid).toBe('UTC');
			expect(vevent.getFirstPropertyValue('url')).toBe(`${ORIGIN}/conferences/${on.fixture.conferenceA.id}/plenary/${session.id}`);
			expect(event.description.split('\n')).toEqual([
				'Tagesordnung:',
				'17:00 TOP 1: Begrüßung, Feststellung der Beschlussfähigkeit; Tagesordnung (Landrat Thomas Berger)',
				'17:10 Kaffeepause',
				`17:25 TOP 2: ${LONG_TITLE} (AG Psychische Gesundheit)`,
				'18:05 TOP 3: Verschiedenes \\ Sonstiges',
				'Geplantes Ende: 18:25 Uhr',
				'',
				'Per Video teilnehmen: https://video.example/plenum?raum=1,2',
				`Die Sitzung in Ratschlag: ${ORIGIN}/conferences/${on.fixture.conferenceA.id}/plenary/${session.id}`
			]);
		});

		it('lasts two hours while the agenda is empty, and has no video line without a video link', async () => {
			const session = await newSession([], { title: 'Sondersitzung', videoUrl: null });
			const response = await GET(eventFor(await actor('guest'), on.fixture.conferenceA.id, session.id));
			const { event } = readCalendar(await response.text());
			expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-03T18:00:00.000Z');
			expect(event.description).toContain('Die Tagesordnung ist noch leer.');
			expect(event.description).not.toContain('Video');
		});

		it('is the same event on every download: the UID does not change', async () => {
			const session = await newSession([item('Begrüßung', 10)]);
			const uid = async () => readCalendar(await (await GET(eventFor(await actor('moderator'), on.fixture.conferenceA.id, session.id))).text()).event.uid;
			expect(await uid()).toBe(await uid());
		});

		it('is for the conference only: 404 for an unknown session or the wrong conference, 401 signed out, 403 for others', async () => {
			const session = await newSession([item('Begrüßung', 10)]);
			expect(await statusOf(async () => GET(eventFor(await actor('office'), on.fixture.conferenceA.id, 'nosuchsession')))).toBe(404);
			expect(await statusOf(async () => GET(eventFor(await actor('otherOffice'), on.fixture.conferenceB.id, session.id)))).toBe(404);
			expect(await statusOf(() => GET(eventFor(ANONYMOUS, on.fixture.conferenceA.id, session.id)))).toBe(401);
			expect(await statusOf(async () => GET(eventFor(await actor('otherOffice'), on.fixture.conferenceA.id, session.id)))).toBe(403);
		});
	});

	describe('printable page of a session', () => {
		// What the page receives (the load is typed by SvelteKit's generated types, which a test cannot see).
		type PrintData = {
			session: { title: string; place: string };
			agenda: ScheduledItem[];
			plannedEnd: Date | null;
			resolutions: ResolutionView[];
			speeches: ItemSpeechRecord[];
		};
		const loadFor = async (who: Actor, sessionId: string) =>
			(await load({ locals: { actor: who }, params: { conferenceId: on.fixture.conferenceA.id, sessionId } } as unknown as Parameters<
				typeof load
			>[0])) as PrintData;

		it('has the scheduled agenda, the planned end and the resolutions with the concerns stated by name', async () => {
			const session = await newSession([item('Begrüßung', 10), item(LONG_TITLE, 40, 'decision')]);
			// Written straight into the tables: what a closed consensus round leaves behind.
			const { q, t } = on.data;
			const speaker = first(await q.insert(t.people).values({ displayName: 'Dr. Weber' }).returning())!;
			const poll = first(
				await q
					.insert(t.polls)
					.values({
						sessionId: session.id,
						agendaItemId: 'item',
						itemTitle: LONG_TITLE,
						motion: 'Wegweiser gemeinsam herausgeben',
						kind: 'consensus',
						secrecy: 'named',
						status: 'closed',
						majority: 'simple',
						quorumPercent: 50,
						openedAt: new Date('2026-12-03T16:50:00Z'),
						closedAt: new Date('2026-12-03T16:55:00Z')
					})
					.returning()
			)!;
			await q.insert(t.pollBallots).values({
				pollId: poll.id,
				seatPersonId: speaker.id,
				voterPersonId: speaker.id,
				choice: 'concerns',
				statement: 'Finanzierung erst ab 2028.',
				castAt: new Date('2026-12-03T16:52:00Z')
			});
			await q.insert(t.resolutions).values({
				sessionId: session.id,
				pollId: poll.id,
				number: 1,
				agendaItemId: 'item',
				itemTitle: LONG_TITLE,
				motion: 'Wegweiser gemeinsam herausgeben',
				kind: 'consensus',
				secrecy: 'named',
				outcome: 'consensus',
				tally: { agree: 9, concerns: 1, object: 0 },
				seats: { total: 14, present: 10 },
				majority: 'simple',
				quorumPercent: 50,
				decidedAt: new Date('2026-12-03T16:55:00Z')
			});

			const data = await loadFor(await actor('advisoryMember'), session.id);
			expect(data.session).toMatchObject({ title: 'Plenum: Psychische Gesundheit, Schule; Familie', place: 'Landratsamt Musterstadt, Großer Saal; Eingang B' });
			expect(data.agenda.map((i) => [i.number, i.title, i.plannedStart.toISOString()])).toEqual([
				['1', 'Begrüßung', '2026-12-03T16:00:00.000Z'],
				['2', LONG_TITLE, '2026-12-03T16:10:00.000Z']
			]);
			expect(data.plannedEnd?.toISOString()).toBe('2026-12-03T16:50:00.000Z');
			expect(data.resolutions).toHaveLength(1);
			expect(data.resolutions[0]).toMatchObject({
				number: 1,
				outcome: 'consensus',
				tally: { agree: 9, concerns: 1, object: 0 },
				seats: { total: 14, present: 10 },
				statements: [{ name: 'Dr. Weber', choice: 'concerns', statement: 'Finanzierung erst ab 2028.' }]
			});
		});

		it('says who spoke on which item and for how long, with the counts of each item', async () => {
			const session = await newSession([item('Begrüßung', 10), item('Haushalt', 40, 'decision')]);
			await changeDocumentOn(on.data, plenaryDoc(session.id), (doc) => {
				const [welcome, budget] = readAgenda(doc);
				setCurrentItem(doc, budget.id);
				addSpeaker(doc, { personId: 'p1', name: 'Anna Berg' }, 'contra');
				addSpeaker(doc, { personId: 'p2', name: 'Dr. Weber' }, 'order', 'Vertagung');
				nextSpeaker(doc, 1_000); // Dr. Weber, point of order first
				nextSpeaker(doc, 31_000); // Anna Berg
				setCurrentItem(doc, welcome.id);
				endSpeaker(doc, 156_000); // still counted for the budget
			});
			const data = await loadFor(await actor('guest'), session.id);
			expect(data.speeches).toHaveLength(1);
			expect(data.speeches[0]).toMatchObject({
				item: { number: '2', title: 'Haushalt' },
				removed: false,
				counts: { requests: 2, speeches: 2, seconds: 155, pro: 0, contra: 1, order: 1 },
				speeches: [
					{ name: 'Dr. Weber', kind: 'order', reason: 'Vertagung', seconds: 30 },
					{ name: 'Anna Berg', kind: 'contra', seconds: 125 }
				]
			});
			expect((await loadFor(await actor('guest'), (await newSession([])).id)).speeches).toEqual([]);
		});

		it('has no planned end and no resolutions for a session not yet planned; strangers get 403', async () => {
			const session = await newSession([]);
			const data = await loadFor(await actor('guest'), session.id);
			expect(data.agenda).toEqual([]);
			expect(data.plannedEnd).toBeNull();
			expect(data.resolutions).toEqual([]);
			expect(await statusOf(async () => loadFor(await actor('otherOffice'), session.id))).toBe(403);
			expect(await statusOf(async () => loadFor(await actor('office'), 'nosuchsession'))).toBe(404);
		});
	});
});
