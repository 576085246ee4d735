import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { preparedFor } from '../db/prepared';
import { plenarySessions, pollBallots, polls, pollTallies } from '../db/schema';
import type { PublicPoll } from '../../plenary/poll';
import { ballotsCast, type Tally } from '../../domain/voting';
import { findResolution, resultOf } from '../queries/votes';
import { countSeats } from './seats';

type Reader = Pick<Db, 'select' | 'get'>;

/** The ballots cast on devices, per choice. */
export function tallyOf(db: Reader, pollId: string): Tally {
	const tally: Tally = {};
	for (const row of db.select().from(pollTallies).where(eq(pollTallies.pollId, pollId)).all()) tally[row.choice] = row.count;
	return tally;
}

/** What was counted in the room (hands, paper), per choice. */
export function roomTallyOf(db: Reader, pollId: string): Tally {
	const tally: Tally = {};
	for (const row of db.select().from(pollTallies).where(eq(pollTallies.pollId, pollId)).all()) tally[row.choice] = row.roomCount;
	return tally;
}

export function ballotCount(db: Reader, pollId: string): number {
	return (
		db
			.select({ n: sql<number>`count(*)` })
			.from(pollBallots)
			.where(eq(pollBallots.pollId, pollId))
			.get()?.n ?? 0
	);
}

// Every view of a session page asks for its poll: compiled once per connection (inside a
// transaction `db` is the transaction, the same connection, and they are built for it).
const pollQueries = preparedFor((db: Db) => ({
	open: db
		.select()
		.from(polls)
		.where(and(eq(polls.sessionId, sql.placeholder('sessionId')), eq(polls.status, 'open')))
		.prepare(),
	last: db
		.select()
		.from(polls)
		.where(eq(polls.sessionId, sql.placeholder('sessionId')))
		.orderBy(desc(polls.openedAt))
		.limit(1)
		.prepare()
}));

export function findOpenPoll(db: Reader, sessionId: string) {
	return pollQueries(db as Db).open.get({ sessionId });
}

/** The session's open poll, or else the one taken last: what every screen shows. */
export function latestPoll(db: Reader, sessionId: string) {
	return findOpenPoll(db, sessionId) ?? pollQueries(db as Db).last.get({ sessionId });
}

/** What the public may see of a poll: the count of votes (devices and room) while open, the result once closed. */
export function publicPoll(db: Reader, pollId: string): PublicPoll | null {
	const poll = db.select().from(polls).where(eq(polls.id, pollId)).get();
	if (!poll) return null;
	const session = db.select({ conferenceId: plenarySessions.conferenceId }).from(plenarySessions).where(eq(plenarySessions.id, poll.sessionId)).get()!;
	const resolution = poll.status === 'closed' ? findResolution(db, poll.id) : undefined;
	const roomCast = resolution ? ballotsCast(resolution.roomTally ?? {}) : ballotsCast(roomTallyOf(db, poll.id));
	return {
		id: poll.id,
		itemTitle: poll.itemTitle,
		motion: poll.motion,
		kind: poll.kind,
		secrecy: poll.secrecy,
		status: poll.status,
		cast: ballotCount(db, poll.id) + roomCast,
		roomCast,
		// A closed poll shows the room as it was when it closed.
		seatsPresent: resolution ? resolution.seats.present : countSeats(db, session.conferenceId, poll.sessionId).present,
		result: resolution ? resultOf(resolution) : null
	};
}
