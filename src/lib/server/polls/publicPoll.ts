import { and, desc, eq, sql } from 'drizzle-orm';
import { first, type Data, type Query } from '../db/client';
import { preparedOn } from '../db/prepared';
import type { PublicPoll } from '../../plenary/poll';
import { ballotsCast, type Tally } from '../../domain/voting';
import { findResolution, resultOf } from '../queries/votes';
import { countSeatsOn } from './seats';

type TallyRow = { choice: string; count: number; roomCount: number };

/** The tally rows of a poll as a tally: the devices' counts, or the room's. */
const tallyFrom = (rows: readonly TallyRow[], of: 'count' | 'roomCount'): Tally => Object.fromEntries(rows.map((row) => [row.choice, row[of]]));

/** The ballots cast on devices, per choice, on the data layer (`tx`: inside a command's transaction). */
export async function tallyOn(data: Data, pollId: string, tx: Query = data.q): Promise<Tally> {
	return tallyFrom(await tallyRowsOn(data, pollId, tx), 'count');
}

/** What was counted in the room (hands, paper), per choice, on the data layer. */
export async function roomTallyOn(data: Data, pollId: string, tx: Query = data.q): Promise<Tally> {
	return tallyFrom(await tallyRowsOn(data, pollId, tx), 'roomCount');
}

async function tallyRowsOn(data: Data, pollId: string, tx: Query): Promise<TallyRow[]> {
	const { pollTallies } = data.t;
	return tx
		.select({ choice: pollTallies.choice, count: pollTallies.count, roomCount: pollTallies.roomCount })
		.from(pollTallies)
		.where(eq(pollTallies.pollId, pollId));
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
