import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { announce, minutesBehind, readLive, setCurrentItem } from './live';
import { addAgendaItem, AGENDA, moveAgendaItem, plannedEnd, readAgenda, removeAgendaItem, schedule, updateAgendaItem, type AgendaItemFields } from './agenda';

const item = (title: string, durationMinutes = 15, type: AgendaItemFields['type'] = 'discussion'): AgendaItemFields => ({
	title,
	description: '',
	presenter: '',
	durationMinutes,
	type
});

function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
}

describe('agenda', () => {
	it('numbers items in order, leaves breaks unnumbered, and plans each start from the durations', () => {
		const doc = new Y.Doc();
		addAgendaItem(doc, item('Begrüßung', 10, 'information'));
		addAgendaItem(doc, item('Kaffeepause', 20, 'break'));
		addAgendaItem(doc, item('Empfehlung Hausarztversorgung', 45, 'decision'));
		const start = new Date('2026-12-03T16:00:00Z');
		const planned = schedule(readAgenda(doc), start);
		expect(planned.map((i) => [i.number, i.title, i.plannedStart.toISOString()])).toEqual([
			['1', 'Begrüßung', '2026-12-03T16:00:00.000Z'],
			[null, 'Kaffeepause', '2026-12-03T16:10:00.000Z'],
			['2', 'Empfehlung Hausarztversorgung', '2026-12-03T16:30:00.000Z']
		]);
		expect(plannedEnd(readAgenda(doc), start).toISOString()).toBe('2026-12-03T17:15:00.000Z');
	});

	it('moves items with buttons, up and down, and not past either end', () => {
		const doc = new Y.Doc();
		const [a, b, c] = ['A', 'B', 'C'].map((t) => addAgendaItem(doc, item(t)));
		moveAgendaItem(doc, c, -1);
		expect(readAgenda(doc).map((i) => i.title)).toEqual(['A', 'C', 'B']);
		moveAgendaItem(doc, a, -1);
		moveAgendaItem(doc, b, 1);
		expect(readAgenda(doc).map((i) => i.title)).toEqual(['A', 'C', 'B']);
		moveAgendaItem(doc, a, 1);
		expect(readAgenda(doc).map((i) => i.title)).toEqual(['C', 'A', 'B']);
		removeAgendaItem(doc, a);
		updateAgendaItem(doc, b, { title: 'B (neu)' });
		expect(readAgenda(doc).map((i) => i.title)).toEqual(['C', 'B (neu)']);
	});

	it('two people reordering and editing at once end with the same agenda, every item exactly once', () => {
		const office = new Y.Doc();
		const moderator = new Y.Doc();
		const ids = ['1', '2', '3', '4'].map((t) => addAgendaItem(office, item(t)));
		sync(office, moderator);
		moveAgendaItem(office, ids[3], -1);
		moveAgendaItem(moderator, ids[3], -1);
		moveAgendaItem(moderator, ids[0], 1);
		updateAgendaItem(office, ids[1], { durationMinutes: 30 });
		addAgendaItem(moderator, item('Verschiedenes'));
		sync(office, moderator);
		const a = readAgenda(office);
		expect(a).toEqual(readAgenda(moderator));
		expect(a.map((i) => i.id).sort()).toEqual([...ids, a.find((i) => i.title === 'Verschiedenes')!.id].sort());
		expect(a.find((i) => i.id === ids[1])!.durationMinutes).toBe(30);
	});

	it('reads whatever a client wrote defensively: wrong types, out-of-range numbers, oversized text', () => {
		const doc = new Y.Doc();
		const agenda = doc.getMap(AGENDA);
		agenda.set('junk', 'not an item');
		const bad = new Y.Map<unknown>();
		agenda.set('bad', bad);
		bad.set('title', 'x'.repeat(10_000));
		bad.set('durationMinutes', '90');
		bad.set('type', 'party');
		bad.set('position', 'first');
		const huge = new Y.Map<unknown>();
		agenda.set('huge', huge);
		huge.set('durationMinutes', 1e9);
		// Without usable positions they come last, in id order.
		const [readBad, readHuge] = readAgenda(doc);
		expect(readAgenda(doc)).toHaveLength(2);
		expect(readBad).toMatchObject({ id: 'bad', durationMinutes: 0, type: 'information' });
		expect(readBad.title).toHaveLength(200);
		expect(readHuge).toMatchObject({ id: 'huge', title: '', durationMinutes: 600, type: 'information' });
	});
});

describe('live state', () => {
	it('marks the current item, says how far behind plan it started, and announces one clean line', () => {
		const doc = new Y.Doc();
		const first = addAgendaItem(doc, item('Begrüßung', 10));
		const second = addAgendaItem(doc, item('Bericht', 20));
		expect(readLive(doc)).toEqual({ current: null, currentSince: null, announcement: '' });
		const start = new Date('2026-12-03T16:00:00Z');
		setCurrentItem(doc, second, Date.parse('2026-12-03T16:17:00Z'));
		const live = readLive(doc);
		expect(live.current?.title).toBe('Bericht');
		const planned = schedule(readAgenda(doc), start).find((i) => i.id === second)!.plannedStart;
		expect(minutesBehind(planned, live.currentSince)).toBe(7);
		setCurrentItem(doc, first, Date.parse('2026-12-03T15:58:00Z'));
		expect(minutesBehind(start, readLive(doc).currentSince)).toBe(-2);
		announce(doc, '  Wir machen   10 Minuten Pause.\n' + 'x'.repeat(500));
		expect(readLive(doc).announcement).toMatch(/^Wir machen 10 Minuten Pause\. x+$/);
		expect(readLive(doc).announcement).toHaveLength(200);
		removeAgendaItem(doc, first);
		expect(readLive(doc).current).toBeNull();
	});
});
