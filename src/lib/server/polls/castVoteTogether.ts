import { castVote, type CastVoteInput } from '../commands/castVote';
import type { Db } from '../db';
import { commitTogether } from '../effects';
import type { Actor } from '../policies';

/**
 * How the web casts a vote: `castVote`, with its rules unchanged, committed together with the
 * other votes of the same moment (`commitTogether`). When a poll opens in the room, hundreds of
 * members press within a second; one fsync per vote kept them waiting for seconds. Resolves once
 * the vote is on disk; rejects with castVote's own refusal (already voted, poll closed, …), which
 * touches no other vote. Every ballot form (standard and easy pages) goes through here.
 */
export function castVoteTogether(db: Db, actor: Actor, input: CastVoteInput): Promise<{ secret: boolean }> {
	return commitTogether(db, () => castVote(db, actor, input));
}
