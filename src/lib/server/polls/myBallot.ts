import { and, eq } from 'drizzle-orm';
import type { CannotVote, MyBallot } from '../../plenary/poll';
import { first, type Data } from '../db/client';
import { CommandError } from '../commands/support/errors';
import { messageFor } from '../forms/errorMessages';
import { can, type Actor } from '../policies';
import { hasConferenceRole } from '../policies/actor';
import { seatOf } from './seats';

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
	const { people, pollBallots } = data.t;
	const mine = first(
		await data.q
			.select({ choice: pollBallots.choice })
			.from(pollBallots)
			.where(and(eq(pollBallots.pollId, poll.id), eq(pollBallots.voterPersonId, actor.personId)))
	);
	if (mine) return { pollId: poll.id, state: 'voted', choice: mine.choice };
	try {
		const seat = await seatOf(data, conferenceId, poll.sessionId, actor.personId);
		const taken = first(
			await data.q
				.select({ id: pollBallots.id })
				.from(pollBallots)
				.where(and(eq(pollBallots.pollId, poll.id), eq(pollBallots.seatPersonId, seat)))
		);
		if (taken) return { pollId: poll.id, state: 'cannot_vote', reason: messageFor('seat_already_voted'), code: 'seat_already_voted' };
		const deputyFor =
			seat === actor.personId ? null : (first(await data.q.select({ name: people.displayName }).from(people).where(eq(people.id, seat)))?.name ?? null);
		return { pollId: poll.id, state: 'can_vote', deputyFor };
	} catch (error) {
		if (error instanceof CommandError) return { pollId: poll.id, state: 'cannot_vote', reason: messageFor(error.code), code: cannotVote(error.code) };
		throw error;
	}
}

const KNOWN: readonly string[] = ['no_vote', 'not_checked_in', 'principal_present', 'seat_already_voted'];
const cannotVote = (code: string): CannotVote => (KNOWN.includes(code) ? (code as CannotVote) : 'other');
