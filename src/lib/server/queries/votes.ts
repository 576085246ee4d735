import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db';
import { people, pollBallots, resolutions } from '../db/schema';

type Reader = Pick<Db, 'select'>;

/**
 * The resolutions of a session in the order they were taken, each with the concerns and
 * objections stated by name (consensus rounds and named votes only; secret polls have none).
 */
export function listResolutions(db: Reader, sessionId: string) {
	const rows = db.select().from(resolutions).where(eq(resolutions.sessionId, sessionId)).orderBy(asc(resolutions.number)).all();
	return rows.map((row) => ({ ...row, statements: statementsOf(db, row.pollId), named: namedChoicesOf(db, row.pollId) }));
}

export type ResolutionView = ReturnType<typeof listResolutions>[number];

/** Reasons given with a consensus answer, by name, in the order they were given. */
export function statementsOf(db: Reader, pollId: string) {
	return db
		.select({ name: people.displayName, choice: pollBallots.choice, statement: pollBallots.statement })
		.from(pollBallots)
		.innerJoin(people, eq(people.id, pollBallots.voterPersonId))
		.where(and(eq(pollBallots.pollId, pollId), isNotNull(pollBallots.statement)))
		.orderBy(asc(pollBallots.castAt))
		.all()
		.map((row) => ({ name: row.name, choice: row.choice!, statement: row.statement! }));
}

/**
 * Who answered what, for named polls (a roll-call vote is on record by name). Secret ballots
 * carry no choice, so a secret poll yields nothing here. Names in alphabetical order per choice.
 */
export function namedChoicesOf(db: Reader, pollId: string) {
	return db
		.select({ name: people.displayName, choice: pollBallots.choice })
		.from(pollBallots)
		.innerJoin(people, eq(people.id, pollBallots.voterPersonId))
		.where(and(eq(pollBallots.pollId, pollId), isNotNull(pollBallots.choice)))
		.orderBy(asc(people.displayName))
		.all()
		.map((row) => ({ name: row.name, choice: row.choice! }));
}
