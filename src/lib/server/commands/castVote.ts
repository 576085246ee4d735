import { and, eq, or, sql } from 'drizzle-orm';
import { choicesOf, needsStatement, type Choice } from '../../domain/voting';
import { first, type Data, type Query } from '../db/client';
import { lockForShare } from '../db/locks';
import { isUniqueViolation } from '../db/uniqueViolation';
import { newId } from '../ids';
import { authorize, type Actor } from '../policies';
import { transactOn, type DataEffects } from '../effects/transactOn';
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

/**
 * One vote per seat and poll: a voting member in the room votes for their seat, a deputy for
 * their absent member's. The ballot row says who voted; the choice is added to the tally, and
 * kept on the ballot only when the poll is named. Both happen in one transaction, and the
 * unique indexes on `poll_ballots` make a second vote impossible even if a check were missed.
 * Not audited: the ballot is the record, and an audit entry would tie a secret vote to a time.
 * The web casts it through `castVoteTogether` (polls/), which commits the votes of the same
 * moment together.
 */
export async function castVote(data: Data, actor: Actor, input: CastVoteInput): Promise<{ secret: boolean }> {
	return transactOn(data, castVoteWork(data, actor, input));
}

/**
 * castVote's work, for the transaction its caller opens (`transactOn`, or `transactOnTogether`
 * for the votes of one moment). Refuses one without the right at once, before any transaction.
 */
export function castVoteWork(data: Data, actor: Actor, input: CastVoteInput): (tx: Query, effects: DataEffects) => Promise<{ secret: boolean }> {
	authorize(actor, 'poll.vote', input);
	const voterPersonId = actor.personId as string;
	return async (tx, effects) => {
		const { plenarySessions, pollBallots, polls, pollTallies } = data.t;
		// Held until the commit on PostgreSQL: votes share the poll's row, so closing it (an update)
		// waits for those under way, and a vote after the close reads it closed (README, "Rules that span rows").
		await lockForShare(data, tx, polls, input.pollId);
		const poll = first(
			await tx
				.select({ id: polls.id, sessionId: polls.sessionId, status: polls.status, kind: polls.kind, secrecy: polls.secrecy })
				.from(polls)
				.innerJoin(plenarySessions, eq(plenarySessions.id, polls.sessionId))
				.where(and(eq(polls.id, input.pollId), eq(polls.sessionId, input.sessionId), eq(plenarySessions.conferenceId, input.conferenceId)))
		);
		if (!poll) throw new CommandError('not_found');
		if (poll.status !== 'open') throw new CommandError('poll_closed');
		if (!choicesOf(poll.kind).includes(input.choice)) throw new CommandError('choice_not_in_poll', 'choice');
		const statement = needsStatement(input.choice) ? input.statement?.trim() || null : null;
		if (needsStatement(input.choice) && !statement) throw new CommandError('statement_required', 'statement');
		const seatPersonId = await seatOf(data, input.conferenceId, poll.sessionId, voterPersonId, tx);
		const earlier = first(
			await tx
				.select({ voter: pollBallots.voterPersonId })
				.from(pollBallots)
				.where(and(eq(pollBallots.pollId, poll.id), or(eq(pollBallots.voterPersonId, voterPersonId), eq(pollBallots.seatPersonId, seatPersonId))))
		);
		if (earlier) throw new CommandError(earlier.voter === voterPersonId ? 'already_voted' : 'seat_already_voted');
		const isSecret = poll.secrecy === 'secret';
		try {
			await tx.insert(pollBallots).values({
				id: newId(),
				pollId: poll.id,
				seatPersonId,
				voterPersonId,
				choice: isSecret ? null : input.choice,
				statement,
				castAt: input.now ?? new Date()
			});
		} catch (error) {
			// On PostgreSQL two votes of one seat or voter can both pass the check above; the unique
			// index lets one commit and stops the other here, which is refused like the check refuses.
			if (isUniqueViolation(error)) throw new CommandError('already_voted');
			throw error;
		}
		// Added, not set: votes committed side by side on PostgreSQL each add their own.
		await tx
			.update(pollTallies)
			.set({ count: sql`${pollTallies.count} + 1` })
			.where(and(eq(pollTallies.pollId, poll.id), eq(pollTallies.choice, input.choice)));
		// Every screen's count follows shortly, read back from what was just committed.
		effects.ballotCast({ sessionId: poll.sessionId });
		return { secret: isSecret };
	};
}
