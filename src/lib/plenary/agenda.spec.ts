import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { announce, minutesBehind, readLive, setCurrentItem } from './live';
import {
	addAgendaItem,
	AGENDA,
	deleteAgendaItem,
	moveAgendaItem,
	plannedEnd,
	PURGE_AFTER_MS,
	readAgenda,
	readDeletedAgenda,
	removeAgendaItem,
	restoreAgendaItem,
	schedule,
	UNDO_MS,
	updateAgendaItem,
	type AgendaItemFields
} from './agenda';

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

describe('deleting an item, with undo', () => {
	const at = Date.parse('2026-12-03T16:00:00Z');

	it('hides a deleted item from the agenda and the schedule, offers it for undo with its number and who deleted it, and restores it in place', () => {
		const doc = new Y.Doc();
		const ids = ['Begrüßung', 'Bericht', 'Aussprache', 'Verschiedenes'].map((t) => addAgendaItem(doc, item(t, 10), at));
		deleteAgendaItem(doc, ids[2], 'Dr. Miriam Okafor', at);
		expect(readAgenda(doc).map((i) => `${i.number} ${i.title}`)).toEqual(['1 Begrüßung', '2 Bericht', '3 Verschiedenes']);
		expect(plannedEnd(readAgenda(doc), new Date(at)).getTime()).toBe(at + 30 * 60_000);
		expect(readDeletedAgenda(doc, at + 1000)).toEqual([
			{ id: ids[2], title: 'Aussprache', number: '3', type: 'discussion', deletedAt: at, deletedBy: 'Dr. Miriam Okafor' }
		]);
		restoreAgendaItem(doc, ids[2]);
		expect(readAgenda(doc).map((i) => `${i.number} ${i.title}`)).toEqual(['1 Begrüßung', '2 Bericht', '3 Aussprache', '4 Verschiedenes']);
		expect(readDeletedAgenda(doc, at + 1000)).toEqual([]);
	});

	it('offers undo for ten minutes, latest first; a later edit purges what was deleted more than an hour ago, and nothing younger', () => {
		const doc = new Y.Doc();
		const [a, b, c] = ['A', 'B', 'C'].map((t) => addAgendaItem(doc, item(t), at));
		deleteAgendaItem(doc, a, 'Sabine Krüger', at);
		deleteAgendaItem(doc, b, 'Sabine Krüger', at + 60_000);
		expect(readDeletedAgenda(doc, at + 2 * 60_000).map((i) => i.title)).toEqual(['B', 'A']);
		expect(readDeletedAgenda(doc, at + UNDO_MS + 30_000).map((i) => i.title)).toEqual(['B']);
		expect(readDeletedAgenda(doc, at + 60_000 + UNDO_MS + 1)).toEqual([]);
		// Past the undo, still in the document until a later edit finds it old enough.
		expect(doc.getMap(AGENDA).size).toBe(3);
		updateAgendaItem(doc, c, { title: 'C (neu)' }, at + PURGE_AFTER_MS - 1);
		expect(doc.getMap(AGENDA).size).toBe(3);
		updateAgendaItem(doc, c, { title: 'C (neu)' }, at + PURGE_AFTER_MS + 30_000);
		expect([...doc.getMap(AGENDA).keys()].sort()).toEqual([b, c].sort());
		addAgendaItem(doc, item('D'), at + 60_000 + PURGE_AFTER_MS + 1);
		expect(doc.getMap(AGENDA).has(b)).toBe(false);
		expect(readAgenda(doc).map((i) => i.title)).toEqual(['C (neu)', 'D']);
	});

	it('one moderator deletes an item while another edits it: both screens agree, and undo brings it back with the edit', () => {
		const office = new Y.Doc();
		const moderator = new Y.Doc();
		const ids = ['1', '2', '3'].map((t) => addAgendaItem(office, item(t), at));
		sync(office, moderator);
		deleteAgendaItem(office, ids[1], 'Sabine Krüger', at);
		updateAgendaItem(moderator, ids[1], { title: '2 (überarbeitet)', durationMinutes: 40 }, at);
		moveAgendaItem(moderator, ids[2], -1, at);
		sync(office, moderator);
		for (const doc of [office, moderator]) {
			expect(readAgenda(doc).map((i) => i.title)).toEqual(['1', '3']);
			expect(readDeletedAgenda(doc, at).map((i) => [i.title, i.deletedBy])).toEqual([['2 (überarbeitet)', 'Sabine Krüger']]);
		}
		// Undone on the other screen; the first follows.
		restoreAgendaItem(moderator, ids[1]);
		sync(office, moderator);
		for (const doc of [office, moderator]) {
			const agenda = readAgenda(doc);
			expect(agenda.map((i) => i.id).sort()).toEqual([...ids].sort());
			expect(agenda.find((i) => i.id === ids[1])).toMatchObject({ title: '2 (überarbeitet)', durationMinutes: 40 });
			expect(readDeletedAgenda(doc, at)).toEqual([]);
		}
		expect(readAgenda(office)).toEqual(readAgenda(moderator));
	});

	it('two screens undoing the same deletion at once restore it once; a purge never takes an item someone may still undo', () => {
		const office = new Y.Doc();
		const moderator = new Y.Doc();
		const [a, b] = ['A', 'B'].map((t) => addAgendaItem(office, item(t), at));
		deleteAgendaItem(office, a, 'Sabine Krüger', at);
		sync(office, moderator);
		restoreAgendaItem(office, a);
		restoreAgendaItem(moderator, a);
		// The other screen edits later, within the hour: the freshly deleted item stays.
		deleteAgendaItem(moderator, b, 'Dr. Miriam Okafor', at + UNDO_MS);
		updateAgendaItem(office, a, { presenter: 'Yusuf Arslan' }, at + UNDO_MS + 1);
		sync(office, moderator);
		for (const doc of [office, moderator]) {
			expect(readAgenda(doc).map((i) => [i.title, i.presenter])).toEqual([['A', 'Yusuf Arslan']]);
			expect(readDeletedAgenda(doc, at + UNDO_MS + 2).map((i) => i.title)).toEqual(['B']);
		}
	});

	it('deleting the current item ends it, never silently: undo makes it current again unless another item was opened meanwhile', () => {
		const doc = new Y.Doc();
		const [a, b] = ['A', 'B'].map((t) => addAgendaItem(doc, item(t), at));
		setCurrentItem(doc, a, at - 5 * 60_000);
		deleteAgendaItem(doc, a, 'Dr. Miriam Okafor', at);
		expect(readLive(doc)).toMatchObject({ current: null, currentSince: null });
		restoreAgendaItem(doc, a);
		expect(readLive(doc)).toMatchObject({ current: { id: a }, currentSince: at - 5 * 60_000 });
		deleteAgendaItem(doc, a, 'Dr. Miriam Okafor', at);
		setCurrentItem(doc, b, at + 1000);
		restoreAgendaItem(doc, a);
		expect(readLive(doc).current?.id).toBe(b);
		// Deleted again while not current: restoring it does not take the floor from B.
		setCurrentItem(doc, null);
		deleteAgendaItem(doc, a, 'Dr. Miriam Okafor', at + 2000);
		restoreAgendaItem(doc, a);
		expect(readLive(doc).current).toBeNull();
	});

	it('reads what a client wrote into the deletion marks defensively', () => {
		const doc = new Y.Doc();
		const a = addAgendaItem(doc, item('A'), at);
		const map = doc.getMap(AGENDA).get(a) as Y.Map<unknown>;
		map.set('deletedAt', 'yesterday');
		expect(readAgenda(doc).map((i) => i.title)).toEqual(['A']);
		map.set('deletedAt', at);
		map.set('deletedBy', { name: 'x' });
		expect(readDeletedAgenda(doc, at)).toMatchObject([{ title: 'A', deletedBy: '' }]);
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
