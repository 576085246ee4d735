import { and, eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { readPoll } from '../../../src/lib/plenary/poll';
import { registerDocServer, unregisterDocServer, type DocServerBridge } from '../../../src/lib/server/collab/bridge';
import { readDocumentOn } from '../../../src/lib/server/collab/readDocument';
import { castVote, type CastVoteInput } from '../../../src/lib/server/commands/castVote';
import { transactOnTogether } from '../../../src/lib/server/effects/transactOnTogether';
import type { Data } from '../../../src/lib/server/db/client';
import { lockForUpdate } from '../../../src/lib/server/db/locks';
import type { Actor } from '../../../src/lib/server/policies';
import { castVoteTogether } from '../../../src/lib/server/polls/castVoteTogether';
import { projectPollOn, scheduleProjection } from '../../../src/lib/server/polls/projectPoll';
import { publicPoll } from '../../../src/lib/server/polls/publicPoll';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { refusalOf } from '../support/errors';

/**
 * castVote and castVoteTogether on the data layer, on both databases: the rules of a vote, and on
 * PostgreSQL the ones that span rows (README, "Rules that span rows"): one ballot per seat and
 * voter when two instances take the same vote at once, and the tally added, not overwritten.
 */
const VOTERS = Array.from({ length: 50 }, (_, i) => `v${String(i).padStart(2, '0')}`);
const subject = { conferenceId: 'north', sessionId: 's1' };
const at = new Date('2026-12-03T10:00:00Z');

/** Who votes, as the policies see them: a member of the conference with a member status. */
const member = (personId: string, memberStatus: 'voting' | 'deputy' | 'advisory'): Actor => ({
	personId,
	isPlatformAdmin: false,
	hasAccount: false,
	conferences: new Map([['north', { roles: new Set(['member'] as const), memberStatus }]]),
	groups: new Map()
});

/** A conference with 50 voting members in the room; `pri` is absent, `dep` stands in for them; `adv` advises. */
async function seed(data: Data) {
	const { q, t } = data;
	await q.insert(t.people).values([...VOTERS, 'pri', 'dep', 'adv', 'away'].map((id) => ({ id, displayName: id })));
	await q.insert(t.conferences).values({ id: 'north', name: 'Nord', region: 'Kreis Nord' });
	await q
		.insert(t.conferenceMemberships)
		.values([
			...[...VOTERS, 'pri', 'away'].map((personId) => ({ conferenceId: 'north', personId, role: 'member' as const, memberStatus: 'voting' as const })),
			{ conferenceId: 'north', personId: 'dep', role: 'member', memberStatus: 'deputy', deputyForPersonId: 'pri' },
			{ conferenceId: 'north', personId: 'adv', role: 'member', memberStatus: 'advisory' }
		]);
	await q.insert(t.plenarySessions).values({ id: 's1', conferenceId: 'north', title: 'Plenum', startsAt: at, place: 'Saal', checkInCode: 'ABCDEF' });
	await q.insert(t.attendance).values([...VOTERS, 'dep', 'adv'].map((personId) => ({ sessionId: 's1', personId, checkedInAt: at, method: 'code' as const })));
	await openPoll(data, 'p1', 'vote');
}

async function openPoll(data: Data, id: string, kind: 'vote' | 'consensus', status: 'open' | 'closed' = 'open', sessionId = 's1') {
	const { q, t } = data;
	await q.insert(t.polls).values({
		id,
		sessionId,
		agendaItemId: 'item',
		itemTitle: 'Pflegeberatung',
		motion: 'Die Konferenz empfiehlt eine Pflegeberatung.',
		kind,
		secrecy: 'named',
		status,
		majority: 'simple',
		quorumPercent: 50,
		openedAt: at
	});
	const choices = kind === 'vote' ? (['yes', 'no', 'abstain'] as const) : (['agree', 'concerns', 'object'] as const);
	await q.insert(t.pollTallies).values(choices.map((choice) => ({ pollId: id, choice })));
}

/** Polls `check` until it holds, for at most `boundMs`. */
async function waitFor(check: () => Promise<boolean>, what = 'the condition', boundMs = 2000): Promise<void> {
	for (const start = Date.now(); !(await check()); await new Promise((resolve) => setTimeout(resolve, 10)))
		if (Date.now() - start > boundMs) throw new Error(`timed out waiting for ${what}`);
}

/** PostgreSQL: how many connections to this database wait for a lock. */
async function lockWaits(data: Data): Promise<number> {
	const rows = await data.rows<{ n: string }>(sql`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
	return Number(rows[0].n);
}

const input = (over: Partial<CastVoteInput> = {}): CastVoteInput => ({ ...subject, pollId: 'p1', choice: 'yes', statement: null, now: at, ...over });

async function ballots(data: Data, pollId = 'p1') {
	const { pollBallots } = data.t;
	return data.q.select().from(pollBallots).where(eq(pollBallots.pollId, pollId));
}

async function tally(data: Data, pollId = 'p1') {
	const { pollTallies } = data.t;
	const rows = await data.q.select().from(pollTallies).where(eq(pollTallies.pollId, pollId));
	return Object.fromEntries(rows.map((r) => [r.choice, r.count]));
}

describe.each(DIALECTS)('casting votes on %s', (dialect) => {
	let db: TempData;
	let data: Data;
	beforeEach(async () => {
		db = await tempData(dialect);
		data = db.data;
		await seed(data);
	});
	afterEach(async () => {
		// The projections scheduled by the votes read the database: let them end before it goes.
		await Promise.all(['s1', 's2'].map((sessionId) => scheduleProjection(data, sessionId)));
		await db.cleanup();
	});

	it('counts a vote once; the second of the same member is refused as already voted and changes nothing', async () => {
		expect(await castVote(data, member('v00', 'voting'), input())).toEqual({ secret: false });
		expect(await refusalOf(castVote(data, member('v00', 'voting'), input({ choice: 'no' })))).toBe('already_voted');
		expect((await ballots(data)).map((b) => [b.voterPersonId, b.seatPersonId, b.choice])).toEqual([['v00', 'v00', 'yes']]);
		expect(await tally(data)).toEqual({ yes: 1, no: 0, abstain: 0 });
		expect(await publicPoll(data, 'p1')).toMatchObject({ cast: 1, seatsPresent: 51, status: 'open' });
	});

	it('refuses a choice the poll does not offer, a closed poll, someone not in the room, and without the right to vote (403)', async () => {
		expect(await refusalOf(castVote(data, member('v00', 'voting'), input({ choice: 'agree' })))).toBe('choice_not_in_poll');
		await openPoll(data, 'p0', 'vote', 'closed');
		expect(await refusalOf(castVote(data, member('v00', 'voting'), input({ pollId: 'p0' })))).toBe('poll_closed');
		expect(await refusalOf(castVote(data, member('away', 'voting'), input()))).toBe('not_checked_in');
		await expect(castVote(data, member('adv', 'advisory'), input())).rejects.toMatchObject({ status: 403 });
		await expect(castVote(data, member('v00', 'voting'), input({ conferenceId: 'south' }))).rejects.toMatchObject({ status: 403 });
		expect(await ballots(data)).toEqual([]);
		expect(await tally(data)).toEqual({ yes: 0, no: 0, abstain: 0 });
	});

	it("lets a deputy vote for their absent member's seat, once per seat", async () => {
		await castVote(data, member('dep', 'deputy'), input({ choice: 'no' }));
		expect((await ballots(data)).map((b) => [b.voterPersonId, b.seatPersonId])).toEqual([['dep', 'pri']]);
		expect(await refusalOf(castVote(data, member('dep', 'deputy'), input()))).toBe('already_voted');
		expect(await tally(data)).toEqual({ yes: 0, no: 1, abstain: 0 });
	});

	it('commits 50 votes of one moment together: every one counted, the tally right, the duplicates refused', async () => {
		const choices = ['yes', 'no', 'abstain'] as const;
		const answers = await Promise.all([
			...VOTERS.map((v, i) => refusalOf(castVoteTogether(data, member(v, 'voting'), input({ choice: choices[i % 3] })))),
			// Five members press twice in the same moment.
			...VOTERS.slice(0, 5).map((v) => refusalOf(castVoteTogether(data, member(v, 'voting'), input({ choice: 'no' }))))
		]);
		expect(answers.slice(0, 50)).toEqual(VOTERS.map(() => undefined));
		expect(answers.slice(50)).toEqual(VOTERS.slice(0, 5).map(() => 'already_voted'));
		expect(await ballots(data)).toHaveLength(50);
		expect(await tally(data)).toEqual({ yes: 17, no: 17, abstain: 16 });
	});

	if (dialect === 'postgres') {
		it('takes one ballot per seat when two instances take the same votes at once; the loser is refused as already voted', async () => {
			const other = await db.another();
			const voters = VOTERS.slice(0, 20);
			// Each member's vote sent to both instances at the same moment: both may pass the check
			// before either commits; the unique index lets one ballot in.
			const answers = await Promise.all(
				voters.flatMap((v) => [
					refusalOf(castVote(data, member(v, 'voting'), input({ choice: 'yes' }))),
					refusalOf(castVote(other, member(v, 'voting'), input({ choice: 'no' })))
				])
			);
			for (let i = 0; i < voters.length; i++) expect([answers[2 * i], answers[2 * i + 1]].sort()).toEqual(['already_voted', undefined]);
			expect(await ballots(data)).toHaveLength(20);
			const counted = await tally(data);
			expect(counted.yes + counted.no).toBe(20);
			const { pollBallots } = data.t;
			const yes = await data.q
				.select()
				.from(pollBallots)
				.where(and(eq(pollBallots.pollId, 'p1'), eq(pollBallots.choice, 'yes')));
			expect(counted.yes).toBe(yes.length);
		});

		it('commits the vote groups of two instances side by side without a deadlock, in any order of choices and polls', async () => {
			const other = await db.another();
			// A second session at the same time, everyone in its room too, with its own poll.
			const { q, t } = data;
			await q.insert(t.plenarySessions).values({ id: 's2', conferenceId: 'north', title: 'Plenum 2', startsAt: at, place: 'Saal 2', checkInCode: 'GHIJKL' });
			await q.insert(t.attendance).values(VOTERS.map((personId) => ({ sessionId: 's2', personId, checkedInAt: at, method: 'code' as const })));
			await openPoll(data, 'p2', 'vote', 'open', 's2');
			let runs = 0;
			// castVoteTogether's group, with each run of a vote counted: a deadlock rolls a group back and
			// runs its votes again one by one.
			const vote = (handle: Data, voter: string, pollId: string, choice: 'yes' | 'no') => {
				return castVote(handle, member(voter, 'voting'), input({ pollId, sessionId: pollId === 'p1' ? 's1' : 's2', choice }), (work) =>
					transactOnTogether(
						handle,
						(tx, effects) => {
							runs++;
							return work(tx, effects);
						},
						{ order: pollId }
					)
				);
			};
			// Both instances connected and their statements prepared, so that the two groups overlap.
			await castVote(data, member('v40', 'voting'), input({ choice: 'abstain' }));
			await castVote(other, member('v41', 'voting'), input({ choice: 'abstain' }));
			const [first, second] = [VOTERS.slice(0, 20), VOTERS.slice(20, 40)];
			const yesFirst = (i: number) => (i % 2 === 0 ? 'yes' : 'no');
			const noFirst = (i: number) => (i % 2 === 0 ? 'no' : 'yes');
			// Both groups start at the same moment: a third connection holds p1's row until both wait for it.
			const [holder, watcher] = [await db.another(), await db.another()];
			let release = () => {};
			const released = new Promise<void>((resolve) => (release = resolve));
			let locked = () => {};
			const isLocked = new Promise<void>((resolve) => (locked = resolve));
			const held = holder.transaction(async (tx) => {
				await lockForUpdate(holder, tx, holder.t.polls, 'p1');
				locked();
				await released;
			});
			await isLocked;
			// One instance's group takes p2 then p1, yes then no; the other's p1 then p2, no then yes.
			const votes = Promise.all([
				...['p2', 'p1'].flatMap((pollId) => first.map((v, i) => vote(data, v, pollId, yesFirst(i)))),
				...['p1', 'p2'].flatMap((pollId) => second.map((v, i) => vote(other, v, pollId, noFirst(i))))
			]);
			await waitFor(async () => (await lockWaits(watcher)) === 2).finally(release);
			await held;
			await votes;
			expect(runs).toBe(80);
			expect(await ballots(data, 'p1')).toHaveLength(42);
			expect(await tally(data, 'p1')).toEqual({ yes: 20, no: 20, abstain: 2 });
			expect(await ballots(data, 'p2')).toHaveLength(40);
			expect(await tally(data, 'p2')).toEqual({ yes: 20, no: 20, abstain: 0 });
		});

		it('never writes a count read before a close after the close: the screens end showing the closed poll', async () => {
			// A document server of this test: the session's document, changed as the server would.
			const doc = new Y.Doc();
			const server: DocServerBridge = {
				async recheck() {},
				readIfLive: async () => null,
				change: async (_name, fn) => Y.transact(doc, () => fn(doc), 'server')
			};
			registerDocServer(server);
			try {
				// Only an open poll's count reads the room as it is now (a closed one shows the room kept
				// with its result): a lock on attendance stops the count's projection between its reads.
				const [holder, watcher] = [await db.another(), await db.another()];
				let release = () => {};
				const released = new Promise<void>((resolve) => (release = resolve));
				let locked = () => {};
				const isLocked = new Promise<void>((resolve) => (locked = resolve));
				const held = holder.transaction(async (tx) => {
					await holder.execute(sql`LOCK TABLE attendance IN ACCESS EXCLUSIVE MODE`, tx);
					locked();
					await released;
				});
				await isLocked;
				const count = projectPollOn(data, 's1');
				await waitFor(async () => (await lockWaits(watcher)) === 1).catch((error) => (release(), Promise.reject(error)));
				const { q, t } = data;
				await q.update(t.polls).set({ status: 'closed', closedAt: at }).where(eq(t.polls.id, 'p1'));
				await q.insert(t.resolutions).values({
					sessionId: 's1',
					pollId: 'p1',
					number: 1,
					agendaItemId: 'item',
					itemTitle: 'Pflegeberatung',
					motion: 'Die Konferenz empfiehlt eine Pflegeberatung.',
					kind: 'vote',
					secrecy: 'named',
					outcome: 'no_quorum',
					tally: { yes: 0, no: 0, abstain: 0 },
					seats: { total: 52, present: 51 },
					majority: 'simple',
					quorumPercent: 50,
					decidedAt: at
				});
				const close = projectPollOn(data, 's1');
				// Were the two side by side, the close's projection would write now, before the count's;
				// given a second to, it must not, and the count's then goes on.
				await waitFor(async () => readPoll(doc)?.status === 'closed', 'a close written before the count', 1000).catch(() => {});
				release();
				await held;
				await Promise.all([count, close]);
				expect(readPoll(doc)).toMatchObject({ id: 'p1', status: 'closed' });
			} finally {
				unregisterDocServer(server);
			}
		});
	}

	it("projects the poll's count into the session's document after the votes (no document server: into the store)", async () => {
		await castVoteTogether(data, member('v00', 'voting'), input());
		await castVote(data, member('v01', 'voting'), input({ choice: 'no' }));
		// The projection the votes scheduled (a second call joins it).
		await scheduleProjection(data, 's1');
		const stored = await readDocumentOn(data, plenaryDoc('s1'), readPoll);
		expect(stored).toMatchObject({ id: 'p1', status: 'open', cast: 2, seatsPresent: 51 });
	});
});
