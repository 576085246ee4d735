import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { first, type Data, type Query } from '../db/client';
import { preparedOn } from '../db/prepared';
import { pollBallots, polls, pollTallies } from '../db/schema';
import type { PublicPoll } from '../../plenary/poll';
import { ballotsCast, type Tally } from '../../domain/voting';
import { findResolution, resultOf } from '../queries/votes';
import { countSeatsOn } from './seats';

type Reader = Pick<Db, 'select' | 'get'>;
type TallyRow = { choice: string; count: number; roomCount: number };

/** The tally rows of a poll as a tally: the devices' counts, or the room's. */
const tallyFrom = (rows: readonly TallyRow[], of: 'count' | 'roomCount'): Tally => Object.fromEntries(rows.map((row) => [row.choice, row[of]]));

/** The ballots cast on devices, per choice. The synchronous twin, kept for closePoll (in `transact`). */
export function tallyOf(db: Reader, pollId: string): Tally {
	return tallyFrom(db.select().from(pollTallies).where(eq(pollTallies.pollId, pollId)).all(), 'count');
}

/** What was counted in the room (hands, paper), per choice. The synchronous twin, kept for closePoll and recordRoomCount (in `transact`). */
export function roomTallyOf(db: Reader, pollId: string): Tally {
	return tallyFrom(db.select().from(pollTallies).where(eq(pollTallies.pollId, pollId)).all(), 'roomCount');
}

/** What was counted in the room, per choice, on the data layer. */
export async function roomTallyOn(data: Data, pollId: string, tx: Query = data.q): Promise<Tally> {
	const { pollTallies } = data.t;
	return tallyFrom(await tx.select().from(pollTallies).where(eq(pollTallies.pollId, pollId)), 'roomCount');
}

/** The synchronous twin of `ballotCountOn`, kept for closePoll and recordRoomCount (in `transact`). */
export function ballotCount(db: Reader, pollId: string): number {
	return (
		db
			.select({ n: sql<number>`count(*)` })
			.from(pollBallots)
			.where(eq(pollBallots.pollId, pollId))
			.get()?.n ?? 0
	);
}

export async function ballotCountOn(data: Data, pollId: string, tx: Query = data.q): Promise<number> {
	const { pollBallots } = data.t;
	// count(*) is a bigint on PostgreSQL, which arrives as a string.
	const row = first(
		await tx
			.select({ n: sql<number | string>`count(*)` })
			.from(pollBallots)
			.where(eq(pollBallots.pollId, pollId))
	);
	return Number(row?.n ?? 0);
}

/** The synchronous twin of `findOpenPollOn`, kept for openPoll (in `transact`). */
export function findOpenPoll(db: Reader, sessionId: string) {
	return db
		.select()
		.from(polls)
		.where(and(eq(polls.sessionId, sessionId), eq(polls.status, 'open')))
		.get();
}

// Every view of a session page, and every phone's ballot when a poll opens, asks for its poll:
// built once per handle.
const openPollOf = preparedOn((q, t) =>
	q
		.select()
		.from(t.polls)
		.where(and(eq(t.polls.sessionId, sql.placeholder('sessionId')), eq(t.polls.status, 'open')))
);
const lastPollOf = preparedOn((q, t) =>
	q
		.select()
		.from(t.polls)
		.where(eq(t.polls.sessionId, sql.placeholder('sessionId')))
		.orderBy(desc(t.polls.openedAt))
		.limit(1)
);

export async function findOpenPollOn(data: Data, sessionId: string, tx?: Query) {
	return openPollOf(data).first({ sessionId }, tx);
}

/** The session's open poll, or else the one taken last: what every screen shows. */
export async function latestPoll(data: Data, sessionId: string) {
	return (await findOpenPollOn(data, sessionId)) ?? (await lastPollOf(data).first({ sessionId }));
}

/** What the public may see of a poll: the count of votes (devices and room) while open, the result once closed. */
export async function publicPoll(data: Data, pollId: string): Promise<PublicPoll | null> {
	const { plenarySessions, polls } = data.t;
	const poll = first(await data.q.select().from(polls).where(eq(polls.id, pollId)));
	if (!poll) return null;
	const session = first(
		await data.q.select({ conferenceId: plenarySessions.conferenceId }).from(plenarySessions).where(eq(plenarySessions.id, poll.sessionId))
	)!;
	const resolution = poll.status === 'closed' ? await findResolution(data, poll.id) : undefined;
	const roomCast = resolution ? ballotsCast(resolution.roomTally ?? {}) : ballotsCast(await roomTallyOn(data, poll.id));
	return {
		id: poll.id,
		itemTitle: poll.itemTitle,
		motion: poll.motion,
		kind: poll.kind,
		secrecy: poll.secrecy,
		status: poll.status,
		cast: (await ballotCountOn(data, poll.id)) + roomCast,
		roomCast,
		// A closed poll shows the room as it was when it closed.
		seatsPresent: resolution ? resolution.seats.present : (await countSeatsOn(data, session.conferenceId, poll.sessionId)).present,
		result: resolution ? resultOf(resolution) : null
	};
}
