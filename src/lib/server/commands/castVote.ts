import { and, eq, sql } from 'drizzle-orm';
import { choicesOf, needsStatement, type Choice } from '../../domain/voting';
import type { Db } from '../db';
import { preparedFor } from '../db/prepared';
import { plenarySessions, pollBallots, polls, pollTallies } from '../db/schema';
import { newId } from '../ids';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { seatOf } from '../polls/seats';
import { CommandError } from './support/errors';

export interface CastVoteInput {
	conferenceId: string;
	sessionId: string;
	pollId: string;
	choice: Choice;
	/** Reasons for concerns or an objection in a consensus round; ignored otherwise. */
	statement: string | null;
	now?: Date;
}

// When a poll opens, hundreds of votes come within a second: each statement is compiled once
// per connection (run inside the transaction, on the same connection), not once per vote.
const statements = preparedFor((db) => ({
	session: db
		.select({ id: plenarySessions.id })
		.from(plenarySessions)
		.where(and(eq(plenarySessions.id, sql.placeholder('sessionId')), eq(plenarySessions.conferenceId, sql.placeholder('conferenceId'))))
		.prepare(),
	poll: db
		.select({ id: polls.id, status: polls.status, kind: polls.kind, secrecy: polls.secrecy })
		.from(polls)
		.where(and(eq(polls.id, sql.placeholder('pollId')), eq(polls.sessionId, sql.placeholder('sessionId'))))
		.prepare(),
	earlier: db
		.select({ voter: pollBallots.voterPersonId })
		.from(pollBallots)
		.where(
			and(
				eq(pollBallots.pollId, sql.placeholder('pollId')),
				sql`(${pollBallots.voterPersonId} = ${sql.placeholder('voter')} or ${pollBallots.seatPersonId} = ${sql.placeholder('seat')})`
			)
		)
		.prepare(),
	ballot: db
		.insert(pollBallots)
		.values({
			id: sql.placeholder('id'),
			pollId: sql.placeholder('pollId'),
			seatPersonId: sql.placeholder('seat'),
			voterPersonId: sql.placeholder('voter'),
			choice: sql.placeholder('choice'),
			statement: sql.placeholder('statement'),
			castAt: sql.placeholder('castAt')
		})
		.prepare(),
	count: db
		.update(pollTallies)
		.set({ count: sql`${pollTallies.count} + 1` })
		.where(and(eq(pollTallies.pollId, sql.placeholder('pollId')), eq(pollTallies.choice, sql.placeholder('choice'))))
		.prepare()
}));

/**
 * One vote per seat and poll: a voting member in the room votes for their seat, a deputy for
 * their absent member's. The ballot row says who voted; the choice is added to the tally, and
 * kept on the ballot only when the poll is named. Both happen in one transaction, and the
 * unique indexes on `poll_ballots` make a second vote impossible even if a check were missed.
 * Not audited: the ballot is the record, and an audit entry would tie a secret vote to a time.
 * The web casts it through `castVoteTogether` (polls/), which commits the votes of the same
 * moment together.
 */
export function castVote(db: Db, actor: Actor, input: CastVoteInput): { secret: boolean } {
	authorize(actor, 'poll.vote', input);
	const q = statements(db);
	const session = q.session.get({ sessionId: input.sessionId, conferenceId: input.conferenceId });
	if (!session) throw new CommandError('not_found');
	const voterPersonId = actor.personId as string;
	return transact(db, (_tx, effects) => {
		const poll = q.poll.get({ pollId: input.pollId, sessionId: session.id });
		if (!poll) throw new CommandError('not_found');
		if (poll.status !== 'open') throw new CommandError('poll_closed');
		if (!choicesOf(poll.kind).includes(input.choice)) throw new CommandError('choice_not_in_poll', 'choice');
		const statement = needsStatement(input.choice) ? input.statement?.trim() || null : null;
		if (needsStatement(input.choice) && !statement) throw new CommandError('statement_required', 'statement');
		const seatPersonId = seatOf(db, input.conferenceId, session.id, voterPersonId);
		const earlier = q.earlier.get({ pollId: poll.id, voter: voterPersonId, seat: seatPersonId });
		if (earlier) throw new CommandError(earlier.voter === voterPersonId ? 'already_voted' : 'seat_already_voted');
		const isSecret = poll.secrecy === 'secret';
		q.ballot.run({
			id: newId(),
			pollId: poll.id,
			seat: seatPersonId,
			voter: voterPersonId,
			choice: isSecret ? null : input.choice,
			statement,
			castAt: input.now ?? new Date()
		});
		q.count.run({ pollId: poll.id, choice: input.choice });
		// Every screen's count follows shortly, read back from what was just committed.
		effects.ballotCast({ sessionId: session.id });
		return { secret: isSecret };
	});
}
