import { describe, expect, it } from 'vitest';
import { movingUp, placeAnswer, seatsTaken, waitingInOrder, waitingPosition, type Answered } from './waitingList';

const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 10, minute));
const seat = (id: string): Answered => ({ id, answer: 'yes', place: 'seat', waitingSince: null });
const waiting = (id: string, minute: number): Answered => ({ id, answer: 'yes', place: 'waiting', waitingSince: at(minute) });
const open = (id: string): Answered => ({ id, answer: null, place: null, waitingSince: null });
const said = (id: string, answer: 'no' | 'maybe'): Answered => ({ id, answer, place: null, waitingSince: null });

describe('where a "yes" goes', () => {
	it('takes a seat while one is free, and always when the room has no limit', () => {
		expect(placeAnswer(2, [seat('a'), open('b')], open('c'), 'yes', at(5))).toEqual({ place: 'seat', waitingSince: null });
		expect(placeAnswer(null, [seat('a'), seat('b')], open('c'), 'yes', at(5))).toEqual({ place: 'seat', waitingSince: null });
	});

	it('joins the end of the waiting list when the room is full', () => {
		expect(placeAnswer(1, [seat('a')], open('c'), 'yes', at(5))).toEqual({ place: 'waiting', waitingSince: at(5) });
		// Within the same millisecond as the last one waiting, the newcomer still stands behind.
		const placed = placeAnswer(1, [seat('a'), waiting('b', 5)], open('c'), 'yes', at(5));
		expect(placed.waitingSince!.getTime()).toBe(at(5).getTime() + 1);
	});

	it('keeps a seat, and a place on the waiting list, when the same person answers "yes" again', () => {
		expect(placeAnswer(1, [seat('b')], seat('a'), 'yes', at(9))).toEqual({ place: 'seat', waitingSince: null });
		expect(placeAnswer(1, [seat('a'), waiting('c', 3)], waiting('b', 1), 'yes', at(9))).toEqual({ place: 'waiting', waitingSince: at(1) });
	});

	it('holds nothing for "no" and "maybe"', () => {
		expect(placeAnswer(1, [], seat('a'), 'no', at(1))).toEqual({ place: null, waitingSince: null });
		expect(placeAnswer(1, [], waiting('a', 1), 'maybe', at(1))).toEqual({ place: null, waitingSince: null });
	});
});

describe('who moves up', () => {
	it('orders the waiting list by when people said yes', () => {
		const rows = [waiting('late', 9), seat('a'), waiting('early', 2), said('n', 'no'), waiting('middle', 4)];
		expect(waitingInOrder(rows).map((r) => r.id)).toEqual(['early', 'middle', 'late']);
		expect(waitingPosition(rows, 'late')).toBe(3);
		expect(waitingPosition(rows, 'a')).toBeNull();
		expect(seatsTaken(rows)).toBe(1);
	});

	it('moves the first waiting person up when a seat frees (a late "no" or "maybe")', () => {
		// "a" held one of two seats and said no: one seat is free.
		const rows = [said('a', 'no'), seat('b'), waiting('c', 1), waiting('d', 2)];
		expect(movingUp(2, rows).map((r) => r.id)).toEqual(['c']);
		const maybe = [said('a', 'maybe'), seat('b'), waiting('d', 2), waiting('c', 1)];
		expect(movingUp(2, maybe).map((r) => r.id)).toEqual(['c']);
	});

	it('moves as many as a raised capacity frees, and everyone when the limit is lifted', () => {
		const rows = [seat('a'), waiting('c', 1), waiting('d', 2), waiting('e', 3)];
		expect(movingUp(3, rows).map((r) => r.id)).toEqual(['c', 'd']);
		expect(movingUp(null, rows).map((r) => r.id)).toEqual(['c', 'd', 'e']);
	});

	it('moves nobody while the room is full, nor when the capacity was lowered below the seats held', () => {
		expect(movingUp(1, [seat('a'), waiting('b', 1)])).toEqual([]);
		expect(movingUp(1, [seat('a'), seat('b'), waiting('c', 1)])).toEqual([]);
	});
});
