import { castVote, type CastVoteInput } from '../commands/castVote';
import type { Data } from '../db/client';
import { transactOnTogether } from '../effects/transactOnTogether';
import type { Actor } from '../policies';

/**
 * How the web casts a vote: `castVote`, with its rules unchanged, committed together with the
 * other votes of the same moment (`transactOnTogether`). When a poll opens in the room, hundreds
 * of members press within a second; one fsync per vote kept them waiting for seconds. Resolves
 * once the vote is committed; rejects with castVote's own refusal (already voted, poll closed, …),
 * which touches no other vote. Every ballot form (standard and easy pages) goes through here.
 */
export async function castVoteTogether(data: Data, actor: Actor, input: CastVoteInput): Promise<{ secret: boolean }> {
	// In poll order within a group: each vote locks its poll's tallies until the commit (castVote).
	return castVote(data, actor, input, (work) => transactOnTogether(data, work, { order: input.pollId }));
}
