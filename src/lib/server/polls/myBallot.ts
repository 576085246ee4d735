import { and, eq, sql } from 'drizzle-orm';
import type { CannotVote, MyBallot } from '../../plenary/poll';
import type { Data } from '../db/client';
import { preparedOn } from '../db/prepared';
import { CommandError } from '../commands/support/errors';
import { messageFor } from '../forms/errorMessages';
import { can, type Actor } from '../policies';
import { hasConferenceRole } from '../policies/actor';
import { seatOf } from './seats';

// Every phone in the room asks for its ballot when a poll opens: built once per handle.
const ballotBy = preparedOn((q, t) =>
	q
		.select({ choice: t.pollBallots.choice })
		.from(t.pollBallots)
		.where(and(eq(t.pollBallots.pollId, sql.placeholder('pollId')), eq(t.pollBallots.voterPersonId, sql.placeholder('voter'))))
);
const ballotFor = preparedOn((q, t) =>
	q
		.select({ id: t.pollBallots.id })
		.from(t.pollBallots)
		.where(and(eq(t.pollBallots.pollId, sql.placeholder('pollId')), eq(t.pollBallots.seatPersonId, sql.placeholder('seat'))))
);
const nameOf = preparedOn((q, t) =>
	q
		.select({ name: t.people.displayName })
		.from(t.people)
		.where(eq(t.people.id, sql.placeholder('id')))
);

/**
 * What the person's page offers in an open poll: the ballot, the note that their vote is
 * counted, or the reason they cannot vote. The same checks castVote makes, asked in advance.
 */
export async function myBallot(
	data: Data,
	actor: Actor,
	poll: { id: string; sessionId: string; status: string },
	conferenceId: string
): Promise<MyBallot | null> {
	if (poll.status !== 'open' || !actor.personId) return null;
	if (!can(actor, 'poll.vote', { conferenceId, sessionId: poll.sessionId })) {
		// Advisory members take part in everything but the vote: say so, rather than show nothing.
		return hasConferenceRole(actor, conferenceId, 'member') ? { pollId: poll.id, state: 'cannot_vote', reason: messageFor('no_vote'), code: 'no_vote' } : null;
	}
	const mine = await ballotBy(data).first({ pollId: poll.id, voter: actor.personId });
	if (mine) return { pollId: poll.id, state: 'voted', choice: mine.choice };
	try {
		const seat = await seatOf(data, conferenceId, poll.sessionId, actor.personId);
		const taken = await ballotFor(data).first({ pollId: poll.id, seat });
		if (taken) return { pollId: poll.id, state: 'cannot_vote', reason: messageFor('seat_already_voted'), code: 'seat_already_voted' };
		const deputyFor = seat === actor.personId ? null : ((await nameOf(data).first({ id: seat }))?.name ?? null);
		return { pollId: poll.id, state: 'can_vote', deputyFor };
	} catch (error) {
		if (error instanceof CommandError) return { pollId: poll.id, state: 'cannot_vote', reason: messageFor(error.code), code: cannotVote(error.code) };
		throw error;
	}
}

const KNOWN: readonly string[] = ['no_vote', 'not_checked_in', 'principal_present', 'seat_already_voted'];
const cannotVote = (code: string): CannotVote => (KNOWN.includes(code) ? (code as CannotVote) : 'other');
