import { and, eq, sql } from 'drizzle-orm';
import { choicesOf, needsStatement, type Choice } from '../../domain/voting';
import type { Db } from '../db';
import { pollBallots, polls, pollTallies } from '../db/schema';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { seatOf } from '../polls/seats';
import { CommandError } from './support/errors';
import { requirePlenarySession } from './support/guards';

export interface CastVoteInput {
	conferenceId: string;
	sessionId: string;
	pollId: string;
	choice: Choice;
	/** Reasons for concerns or an objection in a consensus round; ignored otherwise. */
	statement: string | null;
	now?: Date;
}

/**
 * One vote per seat and poll: a voting member in the room votes for their seat, a deputy for
 * their absent member's. The ballot row says who voted; the choice is added to the tally, and
 * kept on the ballot only when the poll is named. Both happen in one transaction, and the
 * unique indexes on `poll_ballots` make a second vote impossible even if a check were missed.
 * Not audited: the ballot is the record, and an audit entry would tie a secret vote to a time.
 */
export function castVote(db: Db, actor: Actor, input: CastVoteInput): { secret: boolean } {
	authorize(actor, 'poll.vote', input);
	const session = requirePlenarySession(db, input.conferenceId, input.sessionId);
	const voterPersonId = actor.personId as string;
	return transact(db, (tx, effects) => {
		const poll = tx
			.select()
			.from(polls)
			.where(and(eq(polls.id, input.pollId), eq(polls.sessionId, session.id)))
			.get();
		if (!poll) throw new CommandError('not_found');
		if (poll.status !== 'open') throw new CommandError('poll_closed');
		if (!choicesOf(poll.kind).includes(input.choice)) throw new CommandError('choice_not_in_poll', 'choice');
		const statement = needsStatement(input.choice) ? input.statement?.trim() || null : null;
		if (needsStatement(input.choice) && !statement) throw new CommandError('statement_required', 'statement');
		const seatPersonId = seatOf(tx, input.conferenceId, session.id, voterPersonId);
		const earlier = tx
			.select({ seat: pollBallots.seatPersonId, voter: pollBallots.voterPersonId })
			.from(pollBallots)
			.where(and(eq(pollBallots.pollId, poll.id), sql`(${pollBallots.voterPersonId} = ${voterPersonId} or ${pollBallots.seatPersonId} = ${seatPersonId})`))
			.get();
		if (earlier) throw new CommandError(earlier.voter === voterPersonId ? 'already_voted' : 'seat_already_voted');
		const isSecret = poll.secrecy === 'secret';
		tx.insert(pollBallots)
			.values({
				pollId: poll.id,
				seatPersonId,
				voterPersonId,
				choice: isSecret ? null : input.choice,
				statement,
				castAt: input.now ?? new Date()
			})
			.run();
		tx.update(pollTallies)
			.set({ count: sql`${pollTallies.count} + 1` })
			.where(and(eq(pollTallies.pollId, poll.id), eq(pollTallies.choice, input.choice)))
			.run();
		// Every screen's count follows shortly, read back from what was just committed.
		effects.ballotCast({ sessionId: session.id });
		return { secret: isSecret };
	});
}
