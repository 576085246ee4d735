import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { addAgendaItem } from '../../../src/lib/plenary/agenda';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import type { CastVoteInput } from '../../../src/lib/server/commands/castVote';
import { checkIn } from '../../../src/lib/server/commands/checkIn';
import { closePoll } from '../../../src/lib/server/commands/closePoll';
import { createPlenarySession } from '../../../src/lib/server/commands/createPlenarySession';
import { openPoll } from '../../../src/lib/server/commands/openPoll';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import { sqliteData } from '../../../src/lib/server/db/client';
import { pollBallots, pollTallies } from '../../../src/lib/server/db/schema';
import { onEffect, type DeclaredEffect } from '../../../src/lib/server/effects';
import { effectHandlers } from '../../../src/lib/server/effects/kinds';
import { loadActorOn } from '../../../src/lib/server/policies';
import { castVoteTogether } from '../../../src/lib/server/polls/castVoteTogether';
import { PROJECTION_INTERVAL_MS } from '../../../src/lib/server/polls/projectPoll';
import { tempDatabase } from '../support/db';
import { buildFixture, type ActorName } from '../support/fixture';

/**
 * The votes of one moment are committed together (castVoteTogether); each keeps castVote's
 * rules and its own answer. Watched through a second connection: what it sees is committed.
 */
const storage = tempDatabase();
const db = storage.db;
const data = sqliteData(db.$client);
const other = new Database(storage.file, { readonly: true });
let fixture: Awaited<ReturnType<typeof buildFixture>>;
beforeAll(async () => {
	fixture = await buildFixture(db);
});
afterAll(async () => {
	// The counts go to the screens a moment after the votes (scheduleProjection): let them.
	await new Promise((resolve) => setTimeout(resolve, PROJECTION_INTERVAL_MS * 3));
	other.close();
	storage.cleanup();
});

type Who = Exclude<ActorName, 'anonymous'>;
const actor = (who: Who) => loadActorOn(sqliteData(db.$client), fixture.ids[who]);

async function sessionWithPoll(present: Who[]) {
	const conferenceId = fixture.conferenceA.id;
	const session = await createPlenarySession(sqliteData(db.$client), await actor('office'), {
		conferenceId,
		title: 'Plenum',
		startsAt: new Date(),
		place: 'Saal',
		videoUrl: null
	});
	let itemId = '';
	await changeDocumentOn(sqliteData(db.$client), plenaryDoc(session.id), (doc) => {
		itemId = addAgendaItem(doc, { title: 'Handlungsempfehlung Pflege', description: '', presenter: '', durationMinutes: 20, type: 'decision' });
	});
	for (const who of present) await checkIn(sqliteData(db.$client), await actor(who), { code: session.checkInCode, method: 'code' });
	const subject = { conferenceId, sessionId: session.id };
	const poll = await openPoll(data, await actor('moderator'), {
		...subject,
		agendaItemId: itemId,
		motion: null,
		kind: 'vote',
		secrecy: 'named',
		confirmNotQuorate: true
	});
	const vote = async (who: Who, choice: CastVoteInput['choice'] = 'yes') =>
		castVoteTogether(data, await actor(who), { ...subject, pollId: poll.id, choice, statement: null });
	return { subject, poll, vote };
}

/** What a vote was answered: done, a domain refusal's code, or a policy refusal's status. */
const answer = (p: Promise<unknown>) =>
	p.then(
		() => 'counted',
		(e) => (e instanceof CommandError ? e.code : `status ${(e as { status?: number }).status}`)
	);

// Votes committed together often share their millisecond; rowid then gives the order they were
// written in (without it, ties came back in the order of the index on the seat's random id).
const committedBallots = (pollId: string) =>
	other.prepare('SELECT voter_person_id AS voter, choice FROM poll_ballots WHERE poll_id = ? ORDER BY cast_at, rowid').all(pollId) as {
		voter: string;
		choice: string;
	}[];

describe('votes cast at the same moment', () => {
	it('are committed together; a refused one (already voted, wrong choice, closed poll, no vote) touches none of the others', async () => {
		const open = await sessionWithPoll(['votingMember', 'moderator', 'minuteTaker', 'groupCoordinator', 'advisoryMember']);
		const closed = await sessionWithPoll(['votingMember']);
		await closePoll(data, await actor('moderator'), { ...closed.subject, pollId: closed.poll.id });
		vi.spyOn(effectHandlers, 'ballotCast').mockImplementation(() => {});
		const effects: { effect: DeclaredEffect; ballotsOnDisk: number }[] = [];
		const stop = onEffect((effect) => effects.push({ effect, ballotsOnDisk: committedBallots(open.poll.id).length }));
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
		} finally {
			stop();
			vi.restoreAllMocks();
		}
		expect(committedBallots(open.poll.id)).toEqual([
			{ voter: fixture.ids.votingMember, choice: 'yes' },
			{ voter: fixture.ids.moderator, choice: 'no' },
			{ voter: fixture.ids.groupCoordinator, choice: 'abstain' }
		]);
		const tally = Object.fromEntries(
			db
				.select()
				.from(pollTallies)
				.where(eq(pollTallies.pollId, open.poll.id))
				.all()
				.map((t) => [t.choice, t.count])
		);
		expect(tally).toEqual({ yes: 1, no: 1, abstain: 1 });
		expect(db.select().from(pollBallots).where(eq(pollBallots.pollId, closed.poll.id)).all()).toEqual([]);
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
		const answers = await Promise.all(tries.map((p) => answer(p.then(() => onDiskWhenAnswered.push(committedBallots(s.poll.id).length)))));
		expect(answers.filter((a) => a === 'counted')).toHaveLength(members.length);
		expect(answers.filter((a) => a === 'already_voted')).toHaveLength(members.length * 2);
		expect(onDiskWhenAnswered).toEqual(members.map(() => members.length));
		expect(committedBallots(s.poll.id).map((b) => [b.voter, b.choice])).toEqual(members.map((who) => [fixture.ids[who], 'yes']));
	});
});
