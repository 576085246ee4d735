import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeResolutions, readPoll, resolutionOf, writePoll, type PublicPoll } from './poll';

const closed = (id: string, number: number): PublicPoll => ({
	id,
	itemTitle: `TOP ${number}`,
	motion: `Antrag ${number}`,
	kind: 'vote',
	secrecy: 'secret',
	status: 'closed',
	cast: 3,
	roomCast: 0,
	seatsPresent: 3,
	result: {
		number,
		outcome: 'adopted',
		tally: { yes: 2, no: 1 },
		majority: 'simple',
		quorumPercent: 0,
		seatsTotal: 5,
		room: {},
		opened: { total: 5, present: 3 },
		statements: [],
		named: []
	}
});

describe('resolutions on an open page', () => {
	it('an open or cancelled poll is no resolution', () => {
		expect(resolutionOf({ ...closed('p1', 1), status: 'open', result: null })).toBeNull();
		expect(resolutionOf(null)).toBeNull();
	});

	it('keeps what the page saw being decided next to what it was loaded with, in order, each once', () => {
		const loaded = [resolutionOf(closed('p1', 1))!];
		const seen = [resolutionOf(closed('p3', 3))!, resolutionOf(closed('p2', 2))!, resolutionOf(closed('p1', 1))!];
		expect(mergeResolutions(loaded, seen).map((entry) => entry.result.number)).toEqual([1, 2, 3]);
		expect(mergeResolutions(loaded, [])).toBe(loaded);
	});
});

describe('the poll in the document', () => {
	it('carries the part counted in the room and the room at the opening, read defensively', () => {
		const doc = new Y.Doc();
		const poll = closed('p1', 1);
		writePoll(doc, { ...poll, cast: 7, roomCast: 4, result: { ...poll.result!, tally: { yes: 5, no: 2 }, room: { yes: 3, no: 1 } } });
		expect(readPoll(doc)).toMatchObject({ cast: 7, roomCast: 4, result: { room: { yes: 3, no: 1 }, opened: { total: 5, present: 3 } } });
		// A result written before room counts existed reads as none counted in the room.
		doc.getMap('poll').set('result', { ...poll.result, room: 'x', opened: null });
		doc.getMap('poll').delete('roomCast');
		expect(readPoll(doc)).toMatchObject({ roomCast: 0, result: { room: {}, opened: null } });
	});
});
