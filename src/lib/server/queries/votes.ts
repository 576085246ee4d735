import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { first, type Data, type Tables } from '../db/client';
import { preparedOn } from '../db/prepared';
import type { PollResult, ResolutionEntry } from '../../plenary/poll';
import type { Choice } from '../../domain/voting';

// A session page lists its resolutions on every view, each with two more queries: prepared once
// per handle (on PostgreSQL a named statement), run with the session's or the poll's id.
const resolutionsOfSession = preparedOn((q, t) =>
	q
		.select()
		.from(t.resolutions)
		.where(eq(t.resolutions.sessionId, sql.placeholder('sessionId')))
		.orderBy(asc(t.resolutions.number))
);
const statementsOfPoll = preparedOn((q, t) =>
	q
		.select({ name: t.people.displayName, choice: t.pollBallots.choice, statement: t.pollBallots.statement })
		.from(t.pollBallots)
		.innerJoin(t.people, eq(t.people.id, t.pollBallots.voterPersonId))
		.where(and(eq(t.pollBallots.pollId, sql.placeholder('pollId')), isNotNull(t.pollBallots.statement)))
		.orderBy(asc(t.pollBallots.castAt))
);
const namedOfPoll = preparedOn((q, t) =>
	q
		.select({ name: t.people.displayName, choice: t.pollBallots.choice })
		.from(t.pollBallots)
		.innerJoin(t.people, eq(t.people.id, t.pollBallots.voterPersonId))
		.where(and(eq(t.pollBallots.pollId, sql.placeholder('pollId')), isNotNull(t.pollBallots.choice)))
		.orderBy(asc(t.people.displayName))
);

/**
 * The resolutions of a session in the order they were taken, each with the concerns and
 * objections stated by name (consensus rounds and named votes only; secret polls have none).
 */
export async function listResolutions(data: Data, sessionId: string): Promise<ResolutionView[]> {
	const rows = await resolutionsOfSession(data).all({ sessionId });
	// One after another: on SQLite the statements queue on one connection anyway.
	const views: ResolutionView[] = [];
	for (const row of rows) views.push(await withStatements(data, row));
	return views;
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

async function withStatements(data: Data, row: Tables['resolutions']['$inferSelect']) {
	return { ...row, statements: await statementsOf(data, row.pollId), named: await namedChoicesOf(data, row.pollId) };
}

export type ResolutionView = Awaited<ReturnType<typeof withStatements>>;

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
export async function statementsOf(data: Data, pollId: string) {
	return (await statementsOfPoll(data).all({ pollId })).map(statementRow);
}

/**
 * Who answered what, for named polls (a roll-call vote is on record by name). Secret ballots
 * carry no choice, so a secret poll yields nothing here. Names in alphabetical order per choice.
 */
export async function namedChoicesOf(data: Data, pollId: string) {
	return (await namedOfPoll(data).all({ pollId })).map(namedRow);
}

// The rows of both layers read as one shape: only ballots with a statement, or a choice, are asked for.
type BallotRow = { name: string; choice: Choice | null; statement?: string | null };
const statementRow = (row: BallotRow) => ({ name: row.name, choice: row.choice!, statement: row.statement! });
const namedRow = (row: BallotRow) => ({ name: row.name, choice: row.choice! });
