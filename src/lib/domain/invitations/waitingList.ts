import type { RsvpAnswer, RsvpPlace } from '../members';

/**
 * The waiting list of one date, as pure arithmetic over the answers: where a "yes" goes, and who
 * moves up when a seat frees. The command that stores answers runs these inside its transaction,
 * on the rows it just read, so two people answering at once never both get the last seat.
 * A capacity of null means the room has no limit: every "yes" gets a seat.
 */
export interface Answered {
	id: string;
	answer: RsvpAnswer | null;
	place: RsvpPlace | null;
	waitingSince: Date | null;
}

export interface Placement {
	place: RsvpPlace | null;
	waitingSince: Date | null;
}

export const seatsTaken = (rows: readonly Answered[]) => rows.reduce((n, r) => n + (r.place === 'seat' ? 1 : 0), 0);

/** Earliest first; the id breaks ties so that the order never depends on how the rows were read. */
const byWaitingSince = (a: Answered, b: Answered) => a.waitingSince!.getTime() - b.waitingSince!.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The waiting list in order: who stands first gets the next seat. */
export function waitingInOrder<T extends Answered>(rows: readonly T[]): T[] {
	return rows.filter((r) => r.place === 'waiting' && r.waitingSince !== null).sort(byWaitingSince);
}

/** Someone's place on the waiting list, counted from 1; null when they are not waiting. */
export function waitingPosition(rows: readonly Answered[], id: string): number | null {
	const index = waitingInOrder(rows).findIndex((r) => r.id === id);
	return index < 0 ? null : index + 1;
}

/**
 * Where an answer puts someone. A "yes" keeps what it held (a seat stays a seat, a place on the
 * waiting list keeps its position: answering again, to change one's needs, must not cost it);
 * a new "yes" takes a free seat or joins the end of the waiting list. "No" and "maybe" hold nothing.
 * `others` are the date's other invitations, as stored before this answer.
 */
export function placeAnswer(capacity: number | null, others: readonly Answered[], current: Answered, answer: RsvpAnswer, now: Date): Placement {
	if (answer !== 'yes') return { place: null, waitingSince: null };
	if (current.answer === 'yes' && current.place) return { place: current.place, waitingSince: current.waitingSince };
	if (capacity === null || seatsTaken(others) < capacity) return { place: 'seat', waitingSince: null };
	// A newcomer stands behind everyone already waiting, even when two answers share a millisecond.
	const last = waitingInOrder(others).at(-1)?.waitingSince;
	return { place: 'waiting', waitingSince: last && last.getTime() >= now.getTime() ? new Date(last.getTime() + 1) : now };
}

/**
 * Who moves up now: the first on the waiting list, as many as there are free seats. Called after
 * anything that frees a seat or adds one (a "no" or "maybe" after a "yes", a raised capacity).
 * When seats are already over the capacity (it was lowered), nobody moves and nobody loses a seat.
 */
export function movingUp<T extends Answered>(capacity: number | null, rows: readonly T[]): T[] {
	const waiting = waitingInOrder(rows);
	if (capacity === null) return waiting;
	const free = capacity - seatsTaken(rows);
	return free > 0 ? waiting.slice(0, free) : [];
}
