import { and, eq, or, sql } from 'drizzle-orm';
import { choicesOf, needsStatement, type Choice } from '../../domain/voting';
import type { Data, Query } from '../db/client';
import { preparedOn } from '../db/prepared';
import { lockAllWhere, lockForShare } from '../db/locks';
import { isUniqueViolation, violatesUniqueIndex } from '../db/uniqueViolation';
import { newId } from '../ids';
import { authorize, type Actor } from '../policies';
import { transactOn, type DataEffects } from '../effects/transactOn';
import { seatOf } from '../polls/seats';
import { CommandError } from './support/errors';

/**
 * How a vote's work is committed: in a transaction of its own (the default), or with the other
 * votes of the same moment (`castVoteTogether`, polls/).
 */
export type CommitVote = (work: (tx: Query, effects: DataEffects) => Promise<{ secret: boolean }>) => Promise<{ secret: boolean }>;

export interface CastVoteInput {
	conferenceId: string;
	sessionId: string;
	pollId: string;
	choice: Choice;
	/** Reasons for concerns or an objection in a consensus round; ignored otherwise. */
	statement: string | null;
	now?: Date;
}

// When a poll opens, hundreds of votes come within a second: each statement is built once per
// handle and run inside the vote's transaction (`preparedOn`), not built again for every vote.
const pollOf = preparedOn((q, t) =>
	q
		.select({ id: t.polls.id, sessionId: t.polls.sessionId, status: t.polls.status, kind: t.polls.kind, secrecy: t.polls.secrecy })
		.from(t.polls)
		.innerJoin(t.plenarySessions, eq(t.plenarySessions.id, t.polls.sessionId))
		.where(
			and(
				eq(t.polls.id, sql.placeholder('pollId')),
				eq(t.polls.sessionId, sql.placeholder('sessionId')),
				eq(t.plenarySessions.conferenceId, sql.placeholder('conferenceId'))
			)
		)
);
const earlierBallot = preparedOn((q, t) =>
	q
		.select({ voter: t.pollBallots.voterPersonId })
		.from(t.pollBallots)
		.where(
			and(
				eq(t.pollBallots.pollId, sql.placeholder('pollId')),
				or(eq(t.pollBallots.voterPersonId, sql.placeholder('voter')), eq(t.pollBallots.seatPersonId, sql.placeholder('seat')))
			)
		)
);
const insertBallot = preparedOn((q, t) =>
	q.insert(t.pollBallots).values({
		id: sql.placeholder('id'),
		pollId: sql.placeholder('pollId'),
		seatPersonId: sql.placeholder('seat'),
		voterPersonId: sql.placeholder('voter'),
		choice: sql.placeholder('choice'),
		statement: sql.placeholder('statement'),
		castAt: sql.placeholder('castAt')
	})
);
// Added, not set: votes committed side by side on PostgreSQL each add their own.
const countBallot = preparedOn((q, t) =>
	q
		.update(t.pollTallies)
		.set({ count: sql`${t.pollTallies.count} + 1` })
		.where(and(eq(t.pollTallies.pollId, sql.placeholder('pollId')), eq(t.pollTallies.choice, sql.placeholder('choice'))))
);

/**
 * One vote per seat and poll: a voting member in the room votes for their seat, a deputy for
 * their absent member's. The ballot row says who voted; the choice is added to the tally, and
 * kept on the ballot only when the poll is named. Both happen in one transaction, and the
 * unique indexes on `poll_ballots` make a second vote impossible even if a check were missed.
 * Not audited: the ballot is the record, and an audit entry would tie a secret vote to a time.
 * The web casts it through `castVoteTogether` (polls/), which commits the votes of the same
 * moment together.
 */
export async function castVote(
	data: Data,
	actor: Actor,
	input: CastVoteInput,
	commit: CommitVote = (work) => transactOn(data, work)
): Promise<{ secret: boolean }> {
	// Refused without the right at once, before any transaction.
	authorize(actor, 'poll.vote', input);
	const voterPersonId = actor.personId as string;
	return commit(async (tx, effects) => {
		// Held until the commit on PostgreSQL: votes share the poll's row, so closing it (an update)
		// waits for those under way, and a vote after the close reads it closed (README, "Rules that span rows").
		await lockForShare(data, tx, data.t.polls, input.pollId);
		const poll = await pollOf(data).first({ pollId: input.pollId, sessionId: input.sessionId, conferenceId: input.conferenceId }, tx);
		if (!poll) throw new CommandError('not_found');
		if (poll.status !== 'open') throw new CommandError('poll_closed');
		if (!choicesOf(poll.kind).includes(input.choice)) throw new CommandError('choice_not_in_poll', 'choice');
		const statement = needsStatement(input.choice) ? input.statement?.trim() || null : null;
		if (needsStatement(input.choice) && !statement) throw new CommandError('statement_required', 'statement');
		// Every vote adds to one of the poll's tally rows, and a vote group (castVoteTogether) keeps them
		// locked until its commit: the groups of two instances, each adding in the order its votes came
		// (yes then no, no then yes), would deadlock. So the first vote of a group takes all of the
		// poll's tallies in choice order before any other row of the poll; a second group waits for it
		// whole. Groups take their polls in id order (castVoteTogether), so two polls cannot cross either.
		const { pollTallies } = data.t;
		await lockAllWhere(data, tx, pollTallies, eq(pollTallies.pollId, poll.id), [pollTallies.choice]);
		const seatPersonId = await seatOf(data, input.conferenceId, poll.sessionId, voterPersonId, tx);
		const earlier = await earlierBallot(data).first({ pollId: poll.id, voter: voterPersonId, seat: seatPersonId }, tx);
		if (earlier) throw new CommandError(earlier.voter === voterPersonId ? 'already_voted' : 'seat_already_voted');
		const isSecret = poll.secrecy === 'secret';
		try {
			await insertBallot(data).run(
				{
					id: newId(),
					pollId: poll.id,
					seat: seatPersonId,
					voter: voterPersonId,
					choice: isSecret ? null : input.choice,
					statement,
					castAt: input.now ?? new Date()
				},
				tx
			);
		} catch (error) {
			// On PostgreSQL two votes of one seat or voter can both pass the check above; the unique
			// index lets one commit and stops the other here, which is refused like the check refuses.
			// Which index stopped it says which refusal: the seat's, when a deputy and their member race.
			const { pollBallots } = data.t;
			if (violatesUniqueIndex(error, { name: 'poll_ballots_one_per_seat', columns: [pollBallots.pollId, pollBallots.seatPersonId] }))
				throw new CommandError('seat_already_voted');
			if (isUniqueViolation(error)) throw new CommandError('already_voted');
			throw error;
		}
		await countBallot(data).run({ pollId: poll.id, choice: input.choice }, tx);
		// Every screen's count follows shortly, read back from what was just committed.
		effects.ballotCast({ sessionId: poll.sessionId });
		return { secret: isSecret };
	});
}
