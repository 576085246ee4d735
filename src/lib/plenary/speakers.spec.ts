import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addSpeaker,
	endSpeaker,
	moveSpeaker,
	nextSpeaker,
	placeOf,
	readSpeakers,
	secondsLeft,
	setSpeakingSeconds,
	toggleSpeakerClock,
	withdrawSpeaker
} from './speakers';

const person = (name: string) => ({ personId: name.toLowerCase(), name });
const names = (doc: Y.Doc) => readSpeakers(doc).queue.map((e) => e.name);

describe('list of speakers', () => {
	it('keeps the order of requests; a point of order jumps the queue; moderators reorder within a kind', () => {
		const doc = new Y.Doc();
		addSpeaker(doc, person('Anna'));
		const ben = addSpeaker(doc, person('Ben'));
		addSpeaker(doc, person('Cem'));
		addSpeaker(doc, person('Dora'), 'order');
		expect(names(doc)).toEqual(['Dora', 'Anna', 'Ben', 'Cem']);
		moveSpeaker(doc, ben, -1);
		expect(names(doc)).toEqual(['Dora', 'Ben', 'Anna', 'Cem']);
		moveSpeaker(doc, ben, -1); // not above a point of order
		expect(names(doc)).toEqual(['Dora', 'Ben', 'Anna', 'Cem']);
		expect(placeOf(readSpeakers(doc), 'anna')).toBe(3);
		withdrawSpeaker(doc, 'anna');
		expect(placeOf(readSpeakers(doc), 'anna')).toBeNull();
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

	it('reads garbage defensively', () => {
		const doc = new Y.Doc();
		doc.getMap('speakers').set('x', 'nonsense');
		const entry = new Y.Map<unknown>();
		doc.getMap('speakers').set('y', entry);
		entry.set('name', 'ohne Person');
		doc.getMap('live').set('speakingSeconds', 1e9);
		expect(readSpeakers(doc)).toEqual({ queue: [], closed: false, speaking: null, speakingSeconds: 180 });
	});
});
