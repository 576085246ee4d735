import { describe, expect, it } from 'vitest';
import type { PublicPoll } from '$lib/plenary/poll';
import { initialAnchor, nextAnchor, resultRows, roomTally, slideOf, titleScale } from './slide';

const poll = (status: PublicPoll['status'], id = 'p1'): PublicPoll => ({
	id,
	itemTitle: 'Empfehlung Schulsozialarbeit',
	roomCast: 0,
	motion: 'Die Konferenz empfiehlt …',
	kind: 'vote',
	secrecy: 'secret',
	status,
	cast: 3,
	seatsPresent: 12,
	result:
		status === 'closed'
			? {
					number: 2,
					outcome: 'adopted',
					tally: { yes: 2, no: 1 },
					majority: 'simple',
					quorumPercent: 50,
					seatsTotal: 20,
					statements: [],
					named: [],
					room: {},
					opened: null
				}
			: null
});

describe('what the wall shows', () => {
	it('shows the waiting slide with nothing called, nobody speaking and no vote', () => {
		expect(slideOf(null, null, null)).toBe('waiting');
		expect(slideOf(poll('cancelled'), null, null)).toBe('waiting');
	});

	it('shows the item while one is called, or while someone speaks between items', () => {
		expect(slideOf(null, 'i1', null)).toBe('item');
		expect(slideOf(null, null, null, true)).toBe('item');
	});

	it('shows an open vote over everything else', () => {
		expect(slideOf(poll('open'), 'i1', null, true)).toBe('vote');
	});

	it('keeps a result that closed while the wall watched until another item is called', () => {
		const anchor = nextAnchor(null, poll('closed'), 'i4');
		expect(slideOf(poll('closed'), 'i4', anchor)).toBe('result');
		// The item goes on after the result came in: the anchor stays where it was set.
		expect(nextAnchor(anchor, poll('closed'), 'i5')).toBe(anchor);
		expect(slideOf(poll('closed'), 'i5', anchor)).toBe('item');
		expect(slideOf(poll('closed'), null, anchor)).toBe('waiting');
	});

	it('shows a result on a page just opened only with its own item or none called', () => {
		const closed = poll('closed');
		expect(slideOf(closed, null, initialAnchor(closed, null))).toBe('result');
		expect(slideOf(closed, 'i4', initialAnchor(closed, { id: 'i4', title: closed.itemTitle }))).toBe('result');
		expect(slideOf(closed, 'i6', initialAnchor(closed, { id: 'i6', title: 'Verschiedenes' }))).toBe('item');
		expect(initialAnchor(poll('open'), null)).toBeNull();
	});

	it('moves on to the next poll once it closes', () => {
		const first = nextAnchor(null, poll('closed', 'p1'), 'i4');
		const second = nextAnchor(first, poll('closed', 'p2'), 'i6');
		expect(second).toEqual({ pollId: 'p2', currentId: 'i6' });
	});
});

describe('the result as bars', () => {
	it('gives every choice of the kind a row with its share, also those nobody chose', () => {
		expect(resultRows('vote', { yes: 3, no: 1 }, null)).toEqual([
			{ choice: 'yes', count: 3, percent: 75, fromRoom: null },
			{ choice: 'no', count: 1, percent: 25, fromRoom: null },
			{ choice: 'abstain', count: 0, percent: 0, fromRoom: null }
		]);
		expect(resultRows('consensus', {}, null).map((row) => [row.choice, row.percent])).toEqual([
			['agree', 0],
			['concerns', 0],
			['object', 0]
		]);
	});

	it('says how many of each count came from the room when the poll has hand counts', () => {
		const room = roomTally({ room: { yes: 2, no: 'x', abstain: -1 } });
		expect(room).toEqual({ yes: 2 });
		expect(resultRows('vote', { yes: 5 }, room).map((row) => row.fromRoom)).toEqual([2, 0, 0]);
		expect(roomTally({ tally: { yes: 1 } })).toBeNull();
	});
});

describe('title size', () => {
	it('sets a long title smaller than a short one, never below half', () => {
		expect(titleScale('Begrüßung')).toBe(1);
		expect(titleScale('x'.repeat(200))).toBeLessThan(titleScale('x'.repeat(60)));
		expect(titleScale('x'.repeat(200))).toBeGreaterThanOrEqual(0.5);
	});
});
