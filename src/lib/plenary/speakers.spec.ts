import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setCurrentItem } from './live';
import {
	addSpeaker,
	endSpeaker,
	moveSpeaker,
	nextSpeaker,
	placeOf,
	readSpeakerOptions,
	readSpeakers,
	removeSpeaker,
	secondsLeft,
	setSpeakerOptions,
	setSpeakersClosed,
	setSpeakingSeconds,
	settleSpeakers,
	toggleSpeakerClock,
	waitingElsewhere,
	withdrawSpeaker
} from './speakers';
import { formatDuration, readSpeechLog, speechesByItem } from './speechLog';

const person = (name: string) => ({ personId: name.toLowerCase(), name });
const names = (doc: Y.Doc, itemId?: string | null) => readSpeakers(doc, itemId).queue.map((e) => e.name);

describe('list of speakers', () => {
	it('keeps the order of requests; a point of order jumps the queue; moderators reorder within a kind', () => {
		const doc = new Y.Doc();
		addSpeaker(doc, person('Anna'));
		const ben = addSpeaker(doc, person('Ben'), 'contra');
		addSpeaker(doc, person('Cem'), 'pro');
		addSpeaker(doc, person('Dora'), 'order');
		expect(names(doc)).toEqual(['Dora', 'Anna', 'Ben', 'Cem']);
		moveSpeaker(doc, ben, -1);
		expect(names(doc)).toEqual(['Dora', 'Ben', 'Anna', 'Cem']);
		moveSpeaker(doc, ben, -1); // not above a point of order
		expect(names(doc)).toEqual(['Dora', 'Ben', 'Anna', 'Cem']);
		expect(placeOf(readSpeakers(doc), 'anna')).toBe(3);
		withdrawSpeaker(doc, 'anna');
		expect(placeOf(readSpeakers(doc), 'anna')).toBeNull();
		expect(readSpeakers(doc).queue.map((e) => e.kind)).toEqual(['order', 'contra', 'pro']);
	});

	it('gives the floor to the first on the list with a countdown that can stop, resume and run into overtime', () => {
		const doc = new Y.Doc();
		setSpeakingSeconds(doc, 120);
		addSpeaker(doc, person('Anna'));
		addSpeaker(doc, person('Ben'));
		nextSpeaker(doc, 1_000_000);
		let state = readSpeakers(doc);
		expect(state.speaking?.name).toBe('Anna');
		expect(names(doc)).toEqual(['Ben']);
		expect(secondsLeft(state.speaking!, 1_000_000 + 30_000)).toBe(90);
		toggleSpeakerClock(doc, 1_000_000 + 30_000); // stop after 30 s
		expect(secondsLeft(readSpeakers(doc).speaking!, 1_000_000 + 500_000)).toBe(90);
		toggleSpeakerClock(doc, 2_000_000); // resume
		state = readSpeakers(doc);
		expect(secondsLeft(state.speaking!, 2_000_000 + 100_000)).toBe(-10);
		nextSpeaker(doc, 3_000_000);
		expect(readSpeakers(doc).speaking?.name).toBe('Ben');
		endSpeaker(doc);
		expect(readSpeakers(doc).speaking).toBeNull();
	});

	it('keeps a point of order’s reason, one line and bounded; other requests carry none', () => {
		const doc = new Y.Doc();
		addSpeaker(doc, person('Anna'), 'order', '  Antrag auf\nSchluss der Rednerliste  ');
		addSpeaker(doc, person('Ben'), 'pro', 'kein Grund nötig');
		addSpeaker(doc, person('Cem'), 'order', 'x'.repeat(5000));
		const [anna, cem, ben] = readSpeakers(doc).queue;
		expect(anna.reason).toBe('Antrag auf Schluss der Rednerliste');
		expect(cem.reason).toHaveLength(200);
		expect(ben.reason).toBe('');
	});
});

describe('a list of speakers per agenda item', () => {
	it('shows the current item’s list; the earlier item’s open requests wait and come back with it', () => {
		const doc = new Y.Doc();
		setCurrentItem(doc, 'top1');
		addSpeaker(doc, person('Anna'));
		addSpeaker(doc, person('Ben'), 'contra');
		setCurrentItem(doc, 'top2');
		expect(readSpeakers(doc)).toMatchObject({ itemId: 'top2', queue: [] });
		addSpeaker(doc, person('Anna'), 'pro'); // one place per person and item, not per sitting
		expect(names(doc)).toEqual(['Anna']);
		expect(waitingElsewhere(doc)).toEqual([{ itemId: 'top1', count: 2 }]);
		withdrawSpeaker(doc, 'anna'); // withdraws from the list shown, not from the other item's
		setCurrentItem(doc, 'top1');
		expect(names(doc)).toEqual(['Anna', 'Ben']);
		expect(readSpeakers(doc).queue.map((e) => e.kind)).toEqual(['normal', 'contra']);
		setCurrentItem(doc, null);
		expect(readSpeakers(doc)).toMatchObject({ itemId: null, queue: [] });
		expect(names(doc, 'top1')).toEqual(['Anna', 'Ben']);
	});

	it('closes and reopens one item’s list only', () => {
		const doc = new Y.Doc();
		setCurrentItem(doc, 'top1');
		setSpeakersClosed(doc, true);
		expect(readSpeakers(doc).closed).toBe(true);
		setCurrentItem(doc, 'top2');
		expect(readSpeakers(doc).closed).toBe(false);
		setCurrentItem(doc, 'top1');
		expect(readSpeakers(doc).closed).toBe(true);
		setSpeakersClosed(doc, false);
		expect(readSpeakers(doc).closed).toBe(false);
	});

	it('gives the floor from the current list only; a speech counts for the item it started on', () => {
		const doc = new Y.Doc();
		setCurrentItem(doc, 'top1');
		addSpeaker(doc, person('Anna'), 'pro');
		setCurrentItem(doc, 'top2');
		addSpeaker(doc, person('Ben'), 'contra');
		nextSpeaker(doc, 10_000);
		expect(readSpeakers(doc).speaking?.name).toBe('Ben');
		expect(names(doc, 'top1')).toEqual(['Anna']);
		// The chair moves on while Ben still speaks: his speech stays with item 2.
		setCurrentItem(doc, 'top3');
		endSpeaker(doc, 70_000);
		expect(readSpeechLog(doc)).toEqual([
			expect.objectContaining({ itemId: 'top2', personId: 'ben', name: 'Ben', kind: 'contra', seconds: 60, endedAt: 70_000 })
		]);
		expect(readSpeakers(doc).spoken).toEqual([]);
		expect(readSpeakers(doc, 'top2').spoken.map((s) => s.name)).toEqual(['Ben']);
	});
});

describe('the speech log', () => {
	it('records who spoke how long on each item, the clock’s pauses left out, with counts per item', () => {
		const doc = new Y.Doc();
		setCurrentItem(doc, 'top1');
		addSpeaker(doc, person('Anna'), 'pro');
		addSpeaker(doc, person('Ben'), 'contra');
		addSpeaker(doc, person('Cem'));
		addSpeaker(doc, person('Dora'), 'order', 'Vertagung');
		nextSpeaker(doc, 0); // Dora (point of order)
		nextSpeaker(doc, 20_000); // Anna; Dora spoke 20 s
		toggleSpeakerClock(doc, 50_000); // stopped after 30 s
		toggleSpeakerClock(doc, 500_000); // a long pause does not count
		nextSpeaker(doc, 590_000); // Ben; Anna spoke 30 + 90 s
		let state = readSpeakers(doc);
		expect(state.spoken.map((s) => [s.name, s.kind, s.seconds, s.reason])).toEqual([
			['Dora', 'order', 20, 'Vertagung'],
			['Anna', 'pro', 120, '']
		]);
		expect(state.counts).toEqual({ requests: 4, waiting: 1, speeches: 2, seconds: 140, pro: 1, contra: 1, order: 1 });
		endSpeaker(doc, 635_500); // Ben: 45.5 s, rounded
		setCurrentItem(doc, 'top2');
		addSpeaker(doc, person('Anna'));
		nextSpeaker(doc, 700_000);
		nextSpeaker(doc, 710_000); // nobody left: Anna's 10 s end, the floor closes
		expect(readSpeakers(doc).speaking).toBeNull();
		state = readSpeakers(doc, 'top1');
		expect(state.counts).toEqual({ requests: 4, waiting: 1, speeches: 3, seconds: 186, pro: 1, contra: 1, order: 1 });
		const record = speechesByItem(readSpeechLog(doc), ['top2', 'top1']);
		expect(record.map((group) => [group.itemId, group.speeches.map((s) => s.name), group.counts.seconds])).toEqual([
			['top2', ['Anna'], 10],
			['top1', ['Dora', 'Anna', 'Ben'], 186]
		]);
	});

	it('keeps one entry when two moderators end the same speech at once', () => {
		const one = new Y.Doc();
		const two = new Y.Doc();
		addSpeaker(one, person('Anna'));
		nextSpeaker(one, 0);
		Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
		endSpeaker(one, 30_000);
		endSpeaker(two, 31_000);
		Y.applyUpdate(one, Y.encodeStateAsUpdate(two));
		Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
		expect(readSpeechLog(one)).toHaveLength(1);
		expect(readSpeechLog(two)).toEqual(readSpeechLog(one));
	});

	it('groups the record by agenda order, then no item, then removed items', () => {
		const doc = new Y.Doc();
		for (const [item, name] of [
			['gone', 'Anna'],
			[null, 'Ben'],
			['b', 'Cem'],
			['a', 'Dora']
		] as const) {
			setCurrentItem(doc, item);
			addSpeaker(doc, person(name));
			nextSpeaker(doc, 1000);
			endSpeaker(doc, 61_000);
		}
		expect(speechesByItem(readSpeechLog(doc), ['a', 'b', 'c']).map((g) => [g.itemId, g.removed, g.speeches[0].name])).toEqual([
			['a', false, 'Dora'],
			['b', false, 'Cem'],
			[null, false, 'Ben'],
			['gone', true, 'Anna']
		]);
		expect([0, 59, 60, 185, 3600, 3725].map(formatDuration)).toEqual(['0:00', '0:59', '1:00', '3:05', '1:00:00', '1:02:05']);
	});
});

describe('options of the sitting', () => {
	it('offers points of order and no pro/contra until the chair says otherwise', () => {
		const doc = new Y.Doc();
		expect(readSpeakerOptions(doc)).toEqual({ proContra: false, pointOfOrder: true });
		setSpeakerOptions(doc, { proContra: true });
		setSpeakerOptions(doc, { pointOfOrder: false });
		expect(readSpeakers(doc).options).toEqual({ proContra: true, pointOfOrder: false });
	});
});

describe('documents from before the lists were per item', () => {
	/** A document as the previous version wrote it: requests without an item, one "closed" for the sitting. */
	function oldDocument(current: string | null) {
		const doc = new Y.Doc();
		doc.transact(() => {
			if (current) doc.getMap('live').set('currentItemId', current);
			doc.getMap('live').set('speakersClosed', true);
			for (const [id, name, kind, position] of [
				['r1', 'Anna', 'normal', 1],
				['r2', 'Ben', 'order', 2]
			] as const) {
				const entry = new Y.Map<unknown>();
				doc.getMap('speakers').set(id, entry);
				entry.set('personId', name.toLowerCase());
				entry.set('name', name);
				entry.set('kind', kind);
				entry.set('position', position);
			}
		});
		return doc;
	}

	it('reads their requests and their closed list as the item current at read time', () => {
		const doc = oldDocument('top1');
		expect(readSpeakers(doc)).toMatchObject({ itemId: 'top1', closed: true });
		expect(names(doc)).toEqual(['Ben', 'Anna']);
		setCurrentItem(doc, 'top2'); // nobody changed the list: it is still read as the current one's
		expect(names(doc)).toEqual(['Ben', 'Anna']);
		expect(names(doc, 'top1')).toEqual([]);
	});

	it('reads them as "no item" while none is current', () => {
		const doc = oldDocument(null);
		expect(readSpeakers(doc)).toMatchObject({ itemId: null, closed: true });
		expect(names(doc)).toEqual(['Ben', 'Anna']);
	});

	it('pins them to the current item with the first change, after which they stay with it', () => {
		const doc = oldDocument('top1');
		addSpeaker(doc, person('Cem'), 'order');
		setCurrentItem(doc, 'top2');
		expect(readSpeakers(doc)).toMatchObject({ queue: [], closed: false });
		expect(readSpeakers(doc, 'top1')).toMatchObject({ closed: true });
		expect(names(doc, 'top1')).toEqual(['Ben', 'Cem', 'Anna']);
		expect(doc.getMap('live').has('speakersClosed')).toBe(false);
	});

	it('logs an old speaker for the current item when their speech ends', () => {
		const doc = oldDocument('top1');
		const speaking = new Y.Map<unknown>();
		doc.getMap('live').set('speaking', speaking);
		speaking.set('personId', 'dora');
		speaking.set('name', 'Dora');
		speaking.set('startedAt', 1000);
		speaking.set('elapsedSeconds', 0);
		speaking.set('limitSeconds', 180);
		expect(readSpeakers(doc).counts.requests).toBe(3);
		nextSpeaker(doc, 41_000);
		expect(readSpeechLog(doc)).toEqual([expect.objectContaining({ itemId: 'top1', name: 'Dora', kind: 'normal', seconds: 40 })]);
		expect(readSpeakers(doc).speaking?.name).toBe('Ben');
	});

	it('leaves a document without old parts untouched', () => {
		const doc = new Y.Doc();
		addSpeaker(doc, person('Anna'));
		const before = Y.encodeStateVector(doc);
		settleSpeakers(doc);
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});
});

describe('hostile documents', () => {
	it('reads garbage defensively', () => {
		const doc = new Y.Doc();
		doc.getMap('speakers').set('x', 'nonsense');
		const entry = new Y.Map<unknown>();
		doc.getMap('speakers').set('y', entry);
		entry.set('name', 'ohne Person');
		doc.getMap('live').set('speakingSeconds', 1e9);
		expect(readSpeakers(doc)).toEqual({
			itemId: null,
			queue: [],
			closed: false,
			speaking: null,
			speakingSeconds: 180,
			options: { proContra: false, pointOfOrder: true },
			spoken: [],
			counts: { requests: 0, waiting: 0, speeches: 0, seconds: 0, pro: 0, contra: 0, order: 0 }
		});
	});

	it('skips or clamps what a writer’s client could forge in requests, lists, options and the log', () => {
		const doc = new Y.Doc();
		setCurrentItem(doc, 'top1');
		const forged = (id: string, fields: Record<string, unknown>) => {
			const entry = new Y.Map<unknown>();
			doc.getMap('speakers').set(id, entry);
			for (const [key, value] of Object.entries(fields)) entry.set(key, value);
		};
		forged('a', { personId: 'anna', name: 'Anna', itemId: 42, position: 1 }); // item not a string: skipped
		forged('b', { personId: 'ben', name: 'B'.repeat(1000), itemId: 'top1', kind: 'shout', reason: 'laut', position: NaN });
		forged('c', { personId: 'cem', name: 'Cem', itemId: 'x'.repeat(65), position: 2 }); // no such item id: skipped
		forged('d', { personId: 'dora', name: 'Dora', itemId: 'top1', kind: 'order', reason: { evil: true }, position: -Infinity });
		doc.getMap('speakerLists').set('top1', 'closed');
		doc.getMap('live').set('speakerOptions', { proContra: 'yes', pointOfOrder: 0 });
		const log = doc.getMap('speeches');
		log.set('s1', 'not a speech');
		log.set('s2', { personId: 'eve', name: 'Eve', itemId: 'top1', kind: 'pro', seconds: -50, endedAt: 5 });
		log.set('s3', { personId: 'fritz', name: 'Fritz', itemId: 'top1', kind: 'contra', seconds: 1e12, endedAt: 6 });
		log.set('s4', { personId: 'gabi', itemId: 'top1', seconds: NaN, endedAt: 7 });
		log.set('s5', { personId: 'hans', itemId: 'top1', seconds: 10, endedAt: 'gestern' });
		log.set('s6', { personId: 'ida', itemId: null, seconds: 10, endedAt: 8 });
		log.set('s7', [1, 2, 3]);
		const state = readSpeakers(doc);
		expect(state.queue.map((e) => [e.personId, e.name.length, e.kind, e.reason])).toEqual([
			['dora', 4, 'order', ''],
			['ben', 200, 'normal', '']
		]);
		expect(state.closed).toBe(false);
		expect(state.options).toEqual({ proContra: false, pointOfOrder: true });
		expect(state.spoken.map((s) => [s.personId, s.seconds])).toEqual([
			['eve', 0],
			['fritz', 86_400]
		]);
		// A forged speaker with a forged clock still yields a sane log entry.
		const speaking = new Y.Map<unknown>();
		doc.getMap('live').set('speaking', speaking);
		speaking.set('personId', 'zora');
		speaking.set('itemId', { not: 'a string' });
		speaking.set('startedAt', 'now');
		speaking.set('elapsedSeconds', -1e9);
		endSpeaker(doc, 100);
		expect(readSpeechLog(doc).at(-1)).toMatchObject({ personId: 'zora', itemId: 'top1', seconds: 0, endedAt: 100 });
	});

	it('does nothing with a request id it does not know', () => {
		const doc = new Y.Doc();
		addSpeaker(doc, person('Anna'));
		moveSpeaker(doc, 'unknown', 1);
		removeSpeaker(doc, 'unknown');
		expect(names(doc)).toEqual(['Anna']);
	});
});
