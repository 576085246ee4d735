import type * as Y from 'yjs';
import {
	CHOICES,
	MAJORITY_RULES,
	OUTCOMES,
	POLL_KINDS,
	POLL_SECRECY,
	POLL_STATUSES,
	type Choice,
	type MajorityRule,
	type Outcome,
	type PollKind,
	type PollSecrecy,
	type PollStatus,
	type Seats,
	type Tally
} from '../domain/voting';

/**
 * The public face of a session's latest poll, in its live document (map `poll`): what is being
 * voted on, how many ballots are in, and once closed, the result. Votes themselves are counted
 * in SQLite; only the server writes this map, from there (see server/polls/projectPoll.ts).
 * Read defensively like everything in the document.
 */
export const POLL = 'poll';

export interface PollStatement {
	name: string;
	choice: Choice;
	statement: string;
}

export interface PollResult {
	/** The session's resolution this result was stored as (Beschluss 1, 2 …). */
	number: number;
	outcome: Outcome;
	tally: Tally;
	majority: MajorityRule;
	quorumPercent: number;
	seatsTotal: number;
	/** The part of `tally` counted in the room (show of hands, paper), for people without a device. */
	room: Tally;
	/** The room when the poll opened (present of total), or null for polls from before this was kept. */
	opened: Seats | null;
	statements: PollStatement[];
	/** Who answered what, in named polls; empty for secret ones. */
	named: { name: string; choice: Choice }[];
}

export interface PublicPoll {
	id: string;
	itemTitle: string;
	motion: string;
	kind: PollKind;
	secrecy: PollSecrecy;
	status: PollStatus;
	/** Votes counted so far: ballots on devices and what was counted in the room. */
	cast: number;
	/** The part of `cast` counted in the room (hands, paper). */
	roomCast: number;
	/** Voting seats represented in the room: how many ballots there can be. */
	seatsPresent: number;
	result: PollResult | null;
}

/** A resolution of the session as its pages list it. */
export interface ResolutionEntry {
	pollId: string;
	itemTitle: string;
	motion: string;
	kind: PollKind;
	seatsPresent: number;
	result: PollResult;
}

/** A closed poll's result as an entry of the session's resolutions; null while it is open or if it was cancelled. */
export function resolutionOf(poll: PublicPoll | null | undefined): ResolutionEntry | null {
	if (!poll?.result) return null;
	const { id, itemTitle, motion, kind, seatsPresent, result } = poll;
	return { pollId: id, itemTitle, motion, kind, seatsPresent, result };
}

/**
 * The session's resolutions as a page shows them: those its data was loaded with, and those the
 * live document showed being taken while the page was open (it holds only the latest poll, so
 * the page keeps what it saw). Screens follow closed polls without reloading.
 */
export function mergeResolutions(loaded: ResolutionEntry[], seen: ResolutionEntry[]): ResolutionEntry[] {
	const known = new Set(loaded.map((entry) => entry.pollId));
	const added = seen.filter((entry) => !known.has(entry.pollId));
	return added.length === 0 ? loaded : [...loaded, ...added].sort((a, b) => a.result.number - b.result.number);
}

/**
 * Where the signed-in person stands in the open poll, worked out by the server: whether they
 * may vote now (and for whose seat), have voted, or why not.
 */
export type MyBallot =
	| { pollId: string; state: 'can_vote'; deputyFor: string | null }
	| { pollId: string; state: 'voted'; choice: Choice | null }
	| { pollId: string; state: 'cannot_vote'; reason: string; code: CannotVote };

/** Why a person cannot vote in the open poll (the easy pages word each in their own way). */
export type CannotVote = 'no_vote' | 'not_checked_in' | 'principal_present' | 'seat_already_voted' | 'other';

const oneOf = <T extends string>(values: readonly T[], value: unknown): value is T => (values as readonly unknown[]).includes(value);
const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0);
const text = (value: unknown, max = 2000) => (typeof value === 'string' ? value.slice(0, max) : '');

function readTally(value: unknown): Tally {
	const tally: Tally = {};
	if (value && typeof value === 'object') {
		for (const [choice, n] of Object.entries(value)) if (oneOf(CHOICES, choice)) tally[choice] = count(n);
	}
	return tally;
}

function readSeats(value: unknown): Seats | null {
	if (!value || typeof value !== 'object') return null;
	const seats = value as Record<string, unknown>;
	return { total: count(seats.total), present: count(seats.present) };
}

function readResult(value: unknown): PollResult | null {
	if (!value || typeof value !== 'object') return null;
	const r = value as Record<string, unknown>;
	if (!oneOf(OUTCOMES, r.outcome) || !oneOf(MAJORITY_RULES, r.majority)) return null;
	const statements = Array.isArray(r.statements) ? r.statements : [];
	const named = Array.isArray(r.named) ? r.named : [];
	return {
		number: count(r.number),
		outcome: r.outcome,
		tally: readTally(r.tally),
		majority: r.majority,
		quorumPercent: Math.min(count(r.quorumPercent), 100),
		seatsTotal: count(r.seatsTotal),
		room: readTally(r.room),
		opened: readSeats(r.opened),
		statements: statements.flatMap((s) =>
			s && typeof s === 'object' && oneOf(CHOICES, s.choice) ? [{ name: text(s.name, 200), choice: s.choice, statement: text(s.statement) }] : []
		),
		named: named.flatMap((n) => (n && typeof n === 'object' && oneOf(CHOICES, n.choice) ? [{ name: text(n.name, 200), choice: n.choice }] : []))
	};
}

export function readPoll(doc: Y.Doc): PublicPoll | null {
	const map = doc.getMap(POLL);
	const id = map.get('id');
	const kind = map.get('kind');
	const secrecy = map.get('secrecy');
	const status = map.get('status');
	if (typeof id !== 'string' || !oneOf(POLL_KINDS, kind) || !oneOf(POLL_SECRECY, secrecy) || !oneOf(POLL_STATUSES, status)) return null;
	return {
		id,
		itemTitle: text(map.get('itemTitle'), 200),
		motion: text(map.get('motion')),
		kind,
		secrecy,
		status,
		cast: count(map.get('cast')),
		roomCast: count(map.get('roomCast')),
		seatsPresent: count(map.get('seatsPresent')),
		result: status === 'closed' ? readResult(map.get('result')) : null
	};
}

/** Replaces what the document shows about the poll (the server's side of `readPoll`). */
export function writePoll(doc: Y.Doc, poll: PublicPoll): void {
	const map = doc.getMap(POLL);
	doc.transact(() => {
		for (const [key, value] of Object.entries(poll)) {
			// Plain JSON values: a result is replaced whole, never merged.
			if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value);
		}
	});
}

/** A session without polls shows none, whatever a client may have written. */
export function clearPoll(doc: Y.Doc): void {
	const map = doc.getMap(POLL);
	if (map.size > 0) doc.transact(() => map.clear());
}
