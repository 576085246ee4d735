import { CHOICES, choicesOf, needsStatement } from '../../domain/voting';
import { FIELD_LIMITS } from '../../fieldLimits';
import type { MyBallot, PublicPoll } from '../../plenary/poll';
import type { Data } from '../db/client';
import { choice, fromPage, optionalText, requiredId } from '../forms/fields';
import { myBallot } from '../polls/myBallot';
import { latestPoll, publicPoll } from '../polls/publicPoll';
import type { Actor } from '../policies';

/** The session's latest poll as the easy page shows it, and where the person stands in it. */
export async function easyBallotView(
	data: Data,
	actor: Actor,
	session: { id: string; conferenceId: string }
): Promise<{ poll: PublicPoll | null; ballot: MyBallot | null }> {
	const poll = await latestPoll(data, session.id);
	if (!poll) return { poll: null, ballot: null };
	return { poll: await publicPoll(data, poll.id), ballot: await myBallot(data, actor, poll, session.conferenceId) };
}

/** The first step of the easy ballot, and the confirmed vote: the same fields as the standard ballot. */
export const easyVoteForm = {
	pollId: fromPage(requiredId()),
	choice: choice(CHOICES),
	statement: optionalText({ max: FIELD_LIMITS.vote.statement, multiline: true })
};

export type EasyChoiceProblem = 'poll_closed' | 'choice_not_in_poll' | 'statement_required';

/**
 * Checks a choice before the person is asked to confirm it, by the rules castVote applies to
 * it: a confirmation page for a vote that would be refused only sends them back a step later.
 * Whether they may vote at all is the ballot's state (`myBallot`), asked separately.
 */
export function checkEasyChoice(poll: PublicPoll | null, input: { pollId: string; choice: string; statement: string | null }): EasyChoiceProblem | null {
	if (!poll || poll.id !== input.pollId || poll.status !== 'open') return 'poll_closed';
	if (!(choicesOf(poll.kind) as readonly string[]).includes(input.choice)) return 'choice_not_in_poll';
	if (needsStatement(input.choice as (typeof CHOICES)[number]) && !input.statement?.trim()) return 'statement_required';
	return null;
}
