import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { first, type Data } from '../db/client';
import { preparedFor } from '../db/prepared';
import { people, pollBallots, resolutions } from '../db/schema';
import type { PollResult, ResolutionEntry } from '../../plenary/poll';
import type { Choice } from '../../domain/voting';

type Reader = Pick<Db, 'select'>;

// A session page lists its resolutions on every view, each with two more queries: compiled once
// per connection (inside a transaction `db` is the transaction, and they are built for it).
const resolutionQueries = preparedFor((db: Db) => ({
	ofSession: db
		.select()
		.from(resolutions)
		.where(eq(resolutions.sessionId, sql.placeholder('sessionId')))
		.orderBy(asc(resolutions.number))
		.prepare(),
	statements: db
		.select({ name: people.displayName, choice: pollBallots.choice, statement: pollBallots.statement })
		.from(pollBallots)
		.innerJoin(people, eq(people.id, pollBallots.voterPersonId))
		.where(and(eq(pollBallots.pollId, sql.placeholder('pollId')), isNotNull(pollBallots.statement)))
		.orderBy(asc(pollBallots.castAt))
		.prepare(),
	named: db
		.select({ name: people.displayName, choice: pollBallots.choice })
		.from(pollBallots)
		.innerJoin(people, eq(people.id, pollBallots.voterPersonId))
		.where(and(eq(pollBallots.pollId, sql.placeholder('pollId')), isNotNull(pollBallots.choice)))
		.orderBy(asc(people.displayName))
		.prepare()
}));

/**
 * The resolutions of a session in the order they were taken, each with the concerns and
 * objections stated by name (consensus rounds and named votes only; secret polls have none).
 */
export function listResolutions(db: Reader, sessionId: string) {
	const rows = resolutionQueries(db as Db).ofSession.all({ sessionId });
	return rows.map((row) => withStatements(db, row));
}

/** The resolution a closed poll was stored as, if any. */
export async function findResolution(data: Data, pollId: string): Promise<ResolutionView | undefined> {
	const { people, pollBallots, resolutions } = data.t;
	const row = first(await data.q.select().from(resolutions).where(eq(resolutions.pollId, pollId)));
	if (!row) return undefined;
	const voter = eq(people.id, pollBallots.voterPersonId);
	const ofPoll = eq(pollBallots.pollId, pollId);
	const statements = await data.q
		.select({ name: people.displayName, choice: pollBallots.choice, statement: pollBallots.statement })
		.from(pollBallots)
		.innerJoin(people, voter)
		.where(and(ofPoll, isNotNull(pollBallots.statement)))
		.orderBy(asc(pollBallots.castAt));
	const named = await data.q
		.select({ name: people.displayName, choice: pollBallots.choice })
		.from(pollBallots)
		.innerJoin(people, voter)
		.where(and(ofPoll, isNotNull(pollBallots.choice)))
		.orderBy(asc(people.displayName));
	return { ...row, statements: statements.map(statementRow), named: named.map(namedRow) };
}

function withStatements(db: Reader, row: typeof resolutions.$inferSelect) {
	return { ...row, statements: statementsOf(db, row.pollId), named: namedChoicesOf(db, row.pollId) };
}

export type ResolutionView = ReturnType<typeof listResolutions>[number];

/** A resolution's result as screens show it (the live document carries the same shape). */
export function resultOf(resolution: ResolutionView): PollResult {
	return {
		number: resolution.number,
		outcome: resolution.outcome,
		tally: resolution.tally,
		majority: resolution.majority,
		quorumPercent: resolution.quorumPercent,
		seatsTotal: resolution.seats.total,
		room: resolution.roomTally ?? {},
		opened: resolution.seatsAtOpen ?? null,
		statements: resolution.statements,
		named: resolution.named
	};
}

export function resolutionEntry(resolution: ResolutionView): ResolutionEntry {
	const { pollId, itemTitle, motion, kind } = resolution;
	return { pollId, itemTitle, motion, kind, seatsPresent: resolution.seats.present, result: resultOf(resolution) };
}

/** Reasons given with a consensus answer, by name, in the order they were given. */
export function statementsOf(db: Reader, pollId: string) {
	return resolutionQueries(db as Db)
		.statements.all({ pollId })
		.map(statementRow);
}

/**
 * Who answered what, for named polls (a roll-call vote is on record by name). Secret ballots
 * carry no choice, so a secret poll yields nothing here. Names in alphabetical order per choice.
 */
export function namedChoicesOf(db: Reader, pollId: string) {
	return resolutionQueries(db as Db)
		.named.all({ pollId })
		.map(namedRow);
}

// The rows of both layers read as one shape: only ballots with a statement, or a choice, are asked for.
type BallotRow = { name: string; choice: Choice | null; statement?: string | null };
const statementRow = (row: BallotRow) => ({ name: row.name, choice: row.choice!, statement: row.statement! });
const namedRow = (row: BallotRow) => ({ name: row.name, choice: row.choice! });
