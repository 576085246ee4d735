import type { Choice, PollKind } from '$lib/domain/voting';
import { choicesOf } from '$lib/domain/voting';
import type { PublicPoll } from '$lib/plenary/poll';

/** What the wall shows in its main area. The speaker's clock is shown in every one of them. */
export type Slide = 'waiting' | 'item' | 'vote' | 'result';

/**
 * Which closed poll the wall is showing the result of, and which agenda item was current when it
 * first showed it. The result stays until the moderator calls another item (or ends the item):
 * the room reads the count while the item is discussed, and the wall moves on with the sitting.
 */
export interface ResultAnchor {
	pollId: string;
	currentId: string | null;
}

/** An item id no agenda item has: an anchor that never matches, so the result is not shown. */
const NEVER = '\u0000';

const decided = (poll: PublicPoll | null | undefined): poll is PublicPoll => poll?.status === 'closed' && poll.result !== null;

/**
 * The anchor of a page just loaded: a result is shown if nothing is current or its own item is
 * (by title: the poll keeps the title the item had when the vote opened). A projector reloaded
 * three items later does not bring back an old result.
 */
export function initialAnchor(poll: PublicPoll | null | undefined, current: { id: string; title: string } | null): ResultAnchor | null {
	if (!decided(poll)) return null;
	const ownItem = current === null || current.title === poll.itemTitle;
	return { pollId: poll.id, currentId: ownItem ? (current?.id ?? null) : NEVER };
}

/** A poll that closes while the wall watches is anchored to the item current at that moment. */
export function nextAnchor(anchor: ResultAnchor | null, poll: PublicPoll | null | undefined, currentId: string | null): ResultAnchor | null {
	if (!decided(poll)) return anchor;
	if (anchor?.pollId === poll.id) return anchor;
	return { pollId: poll.id, currentId };
}

/**
 * An open vote fills the wall; a result stays while its item does; then the item with its
 * speakers, also when someone has the floor or asks for it with no item called; otherwise the
 * waiting slide with the check-in code.
 */
export function slideOf(poll: PublicPoll | null | undefined, currentId: string | null, anchor: ResultAnchor | null, speakersActive = false): Slide {
	if (poll?.status === 'open') return 'vote';
	if (decided(poll) && anchor?.pollId === poll.id && anchor.currentId === currentId) return 'result';
	return currentId === null && !speakersActive ? 'waiting' : 'item';
}

export interface ResultRow {
	choice: Choice;
	count: number;
	/** Share of all ballots, 0–100, for the bar. */
	percent: number;
	/** Of the count, how many were counted by hand in the room; null when the poll has no such part. */
	fromRoom: number | null;
}

/**
 * The hand counts of a poll, if its projection carries them: a `room` tally beside the
 * electronic one (the voting helper's shape, read defensively like everything in the document).
 */
export function roomTally(result: unknown): Partial<Record<Choice, number>> | null {
	const room = result && typeof result === 'object' ? (result as { room?: unknown }).room : undefined;
	if (!room || typeof room !== 'object') return null;
	const tally: Partial<Record<Choice, number>> = {};
	for (const [choice, n] of Object.entries(room)) if (typeof n === 'number' && Number.isInteger(n) && n >= 0) tally[choice as Choice] = n;
	return tally;
}

/** One row per choice of the poll's kind, in the order the ballot offers them. */
export function resultRows(kind: PollKind, tally: Partial<Record<Choice, number>>, room: Partial<Record<Choice, number>> | null): ResultRow[] {
	const choices = choicesOf(kind);
	const total = choices.reduce((sum, choice) => sum + (tally[choice] ?? 0), 0);
	return choices.map((choice) => {
		const count = tally[choice] ?? 0;
		return { choice, count, percent: total === 0 ? 0 : Math.round((count / total) * 1000) / 10, fromRoom: room ? (room[choice] ?? 0) : null };
	});
}

/**
 * How large a title is set, by its length: a short title fills the wall, a 200-character one
 * still fits in its lines. The browser then shrinks further what still does not fit (`fitText`).
 */
export function titleScale(text: string): number {
	const n = text.length;
	if (n <= 40) return 1;
	if (n <= 80) return 0.8;
	if (n <= 140) return 0.65;
	return 0.55;
}
