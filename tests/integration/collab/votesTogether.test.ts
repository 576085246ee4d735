import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CastVoteInput } from '../../../src/lib/server/commands/castVote';
import { checkIn } from '../../../src/lib/server/commands/checkIn';
import { closePoll } from '../../../src/lib/server/commands/closePoll';
import { openPoll } from '../../../src/lib/server/commands/openPoll';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import type { Data } from '../../../src/lib/server/db/client';
import { onEffect, type DeclaredEffect } from '../../../src/lib/server/effects';
import { effectHandlers } from '../../../src/lib/server/effects/kinds';
import type { Actor } from '../../../src/lib/server/policies';
import { castVoteTogether } from '../../../src/lib/server/polls/castVoteTogether';
import { PROJECTION_INTERVAL_MS } from '../../../src/lib/server/polls/projectPoll';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import { planSitting } from '../support/meetings';
import type { ActorName } from '../support/fixture';

/**
 * The votes of one moment are committed together (castVoteTogether); each keeps castVote's
 * rules and its own answer. Watched through a second connection: what it sees is committed.
 */
type Who = Exclude<ActorName, 'anonymous'>;

/** What a vote was answered: done, a domain refusal's code, or a policy refusal's status. */
const answer = (p: Promise<unknown>) =>
	p.then(
		() => 'counted',
		(e) => (e instanceof CommandError ? e.code : `status ${(e as { status?: number }).status}`)
	);

describe.each(DIALECTS)('votes cast together on %s', (dialect) => {
	const bed = collabTestBedOn(dialect);
	let other: Data;
	beforeAll(async () => {
		other = await bed.another();
	});
	afterAll(async () => {
		// The counts go to the screens a moment after the votes (scheduleProjection): let them.
		await new Promise((resolve) => setTimeout(resolve, PROJECTION_INTERVAL_MS * 3));
	});
	const actor = (who: Who) => bed.actor(who);

	async function sessionWithPoll(present: Who[]) {
		const data = bed.data;
		const conferenceId = bed.fixture.conferenceA.id;
		const {
			session,
			subject,
			itemIds: [itemId]
		} = await planSitting(data, bed.fixture, { conferenceId, agenda: [{ title: 'Handlungsempfehlung Pflege' }] });
		for (const who of present) await checkIn(data, await actor(who), { code: session.checkInCode, method: 'code' });
		const poll = await openPoll(data, await actor('moderator'), {
			...subject,
			agendaItemId: itemId,
			motion: null,
			kind: 'vote',
			secrecy: 'named',
			confirmNotQuorate: true
		});
		// Who votes is known before anyone presses: the votes of one moment then reach
		// castVoteTogether in the same turn, as requests that arrive together do. (Loading the actor
		// per vote took a round trip each on PostgreSQL, and the votes came one group apiece.)
		const voters = new Map<Who, Actor>();
		for (const who of present) voters.set(who, await actor(who));
		const vote = (who: Who, choice: CastVoteInput['choice'] = 'yes') =>
			castVoteTogether(data, voters.get(who)!, { ...subject, pollId: poll.id, choice, statement: null });
		return { subject, poll, vote };
	}

	// Votes committed together often share their millisecond; on SQLite rowid then gives the order
	// they were written in (without it, ties came back in the order of the index on the seat's
	// random id). PostgreSQL's rows have no such order (a random id, one transaction for the group):
	// there ties are put in the order of the voter, and the expected ballots likewise.
	type Ballot = { voter: string; choice: string | null };
	const byVoter = (ballots: Ballot[]) => [...ballots].sort((a, b) => (a.voter < b.voter ? -1 : a.voter > b.voter ? 1 : 0));
	const committedBallots = async (pollId: string): Promise<Ballot[]> =>
		dialect === 'sqlite'
			? other.rows<Ballot>(sql`SELECT voter_person_id AS voter, choice FROM poll_ballots WHERE poll_id = ${pollId} ORDER BY cast_at, rowid`)
			: byVoter(await other.rows<Ballot>(sql`SELECT voter_person_id AS voter, choice FROM poll_ballots WHERE poll_id = ${pollId}`));
	const inCommitOrder = (ballots: Ballot[]) => (dialect === 'sqlite' ? ballots : byVoter(ballots));

	describe('votes cast at the same moment', () => {
		it('are committed together; a refused one (already voted, wrong choice, closed poll, no vote) touches none of the others', async () => {
			const open = await sessionWithPoll(['votingMember', 'moderator', 'minuteTaker', 'groupCoordinator', 'advisoryMember']);
			const closed = await sessionWithPoll(['votingMember']);
			await closePoll(bed.data, await actor('moderator'), { ...closed.subject, pollId: closed.poll.id });
			vi.spyOn(effectHandlers, 'ballotCast').mockImplementation(() => {});
			const effects: { effect: DeclaredEffect; ballotsOnDisk: number }[] = [];
			// The listener runs as the effect is declared; the read it starts sees what was committed then.
			const onDisk: Promise<void>[] = [];
			const stop = onEffect((effect) => {
				onDisk.push(committedBallots(open.poll.id).then((ballots) => void effects.push({ effect, ballotsOnDisk: ballots.length })));
			});
			try {
				const answers = await Promise.all([
					answer(open.vote('votingMember', 'yes')),
					// A double click with another choice, in the same group as the first.
					answer(open.vote('votingMember', 'no')),
					answer(open.vote('moderator', 'no')),
					answer(open.vote('minuteTaker', 'agree')),
					answer(closed.vote('votingMember')),
					answer(open.vote('advisoryMember')),
					answer(open.vote('groupCoordinator', 'abstain'))
				]);
				expect(answers).toEqual(['counted', 'already_voted', 'counted', 'choice_not_in_poll', 'poll_closed', 'status 403', 'counted']);
				await Promise.all(onDisk);
			} finally {
				stop();
				vi.restoreAllMocks();
			}
			expect(await committedBallots(open.poll.id)).toEqual(
				inCommitOrder([
					{ voter: bed.fixture.ids.votingMember, choice: 'yes' },
					{ voter: bed.fixture.ids.moderator, choice: 'no' },
					{ voter: bed.fixture.ids.groupCoordinator, choice: 'abstain' }
				])
			);
			const { pollTallies, pollBallots } = bed.data.t;
			const tally = Object.fromEntries(
				(await bed.data.q.select().from(pollTallies).where(eq(pollTallies.pollId, open.poll.id))).map((t) => [t.choice, t.count])
			);
			expect(tally).toEqual({ yes: 1, no: 1, abstain: 1 });
			expect(await bed.data.q.select().from(pollBallots).where(eq(pollBallots.pollId, closed.poll.id))).toEqual([]);
			// One count for the screens per vote counted, each once all three were on disk.
			expect(effects.map((e) => [e.effect.kind, e.ballotsOnDisk])).toEqual([
				['ballotCast', 3],
				['ballotCast', 3],
				['ballotCast', 3]
			]);
		});

		it('are answered only once on disk, each counted once however many arrive together', async () => {
			const members: Who[] = ['votingMember', 'moderator', 'minuteTaker', 'groupCoordinator'];
			const s = await sessionWithPoll(members);
			const onDiskWhenAnswered: number[] = [];
			const tries = members.flatMap((who) => [s.vote(who, 'yes'), s.vote(who, 'no'), s.vote(who, 'abstain')]);
			const answers = await Promise.all(tries.map((p) => answer(p.then(async () => onDiskWhenAnswered.push((await committedBallots(s.poll.id)).length)))));
			expect(answers.filter((a) => a === 'counted')).toHaveLength(members.length);
			expect(answers.filter((a) => a === 'already_voted')).toHaveLength(members.length * 2);
			expect(onDiskWhenAnswered).toEqual(members.map(() => members.length));
			expect((await committedBallots(s.poll.id)).map((b) => [b.voter, b.choice])).toEqual(
				inCommitOrder(members.map((who) => ({ voter: bed.fixture.ids[who], choice: 'yes' }))).map((b) => [b.voter, b.choice])
			);
		});
	});
});
