import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../../src/lib/collab/docNames';
import type { ConferenceRole, MemberStatus } from '../../../src/lib/domain/roles';
import { addAgendaItem } from '../../../src/lib/plenary/agenda';
import { readPoll } from '../../../src/lib/plenary/poll';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { readDocumentOn } from '../../../src/lib/server/collab/readDocument';
import { cancelPoll } from '../../../src/lib/server/commands/cancelPoll';
import { castVote } from '../../../src/lib/server/commands/castVote';
import { closePoll } from '../../../src/lib/server/commands/closePoll';
import { openPoll, type OpenPollInput } from '../../../src/lib/server/commands/openPoll';
import { recordRoomCount } from '../../../src/lib/server/commands/recordRoomCount';
import type { Data } from '../../../src/lib/server/db/client';
import { lockForUpdate } from '../../../src/lib/server/db/locks';
import { transactOn } from '../../../src/lib/server/effects/transactOn';
import type { Actor } from '../../../src/lib/server/policies';
import { scheduleProjection } from '../../../src/lib/server/polls/projectPoll';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { refusalOf } from '../support/errors';

/**
 * The commands of those who run a sitting, on the data layer, on both databases: open a poll,
 * count the room, close it into the session's next resolution, or cancel it. On PostgreSQL, the
 * rules that span rows (README, "Rules that span rows"): one open poll per session when two
 * instances open at once, a close that waits for the votes under way and counts them, and a close
 * and a cancel at once of which one wins.
 */
const VOTERS = ['v0', 'v1', 'v2', 'v3', 'v4'];
const subject = { conferenceId: 'north', sessionId: 's1' };
const at = new Date('2026-12-03T10:00:00Z');

const standing = (conferenceId: string, role: ConferenceRole, memberStatus: MemberStatus | null = null): Actor['conferences'] =>
	new Map([[conferenceId, { roles: new Set([role]), memberStatus }]]);
const person = (personId: string, conferences: Actor['conferences']): Actor => ({
	personId,
	isPlatformAdmin: false,
	hasAccount: true,
	conferences,
	groups: new Map()
});
const moderator = person('mod', standing('north', 'moderator'));
const voter = (personId: string) => person(personId, standing('north', 'member', 'voting'));

/**
 * A conference of six voting seats, five of them in the room of session s1 (quorate: three are
 * needed); s2 has one. Each session's agenda, in its live document, has one decision item.
 */
async function seed(data: Data): Promise<{ s1: string; s2: string }> {
	const { q, t } = data;
	await q.insert(t.people).values([...VOTERS, 'away', 'mod'].map((id) => ({ id, displayName: id })));
	await q.insert(t.conferences).values([
		{ id: 'north', name: 'Nord', region: 'Kreis Nord' },
		{ id: 'south', name: 'Süd', region: 'Kreis Süd' }
	]);
	await q
		.insert(t.conferenceMemberships)
		.values([
			...[...VOTERS, 'away'].map((personId) => ({ conferenceId: 'north', personId, role: 'member' as const, memberStatus: 'voting' as const })),
			{ conferenceId: 'north', personId: 'mod', role: 'moderator' }
		]);
	await q.insert(t.plenarySessions).values([
		{ id: 's1', conferenceId: 'north', title: 'Plenum', startsAt: at, place: 'Saal', checkInCode: 'ABCDEF' },
		{ id: 's2', conferenceId: 'north', title: 'Plenum 2', startsAt: at, place: 'Saal 2', checkInCode: 'GHIJKL' }
	]);
	await q
		.insert(t.attendance)
		.values([
			...VOTERS.map((personId) => ({ sessionId: 's1', personId, checkedInAt: at, method: 'code' as const })),
			{ sessionId: 's2', personId: 'v0', checkedInAt: at, method: 'code' as const }
		]);
	const item = async (sessionId: string) => {
		let id = '';
		await changeDocumentOn(data, plenaryDoc(sessionId), (doc) => {
			id = addAgendaItem(doc, { title: 'Mobile Gesundheitsberatung', description: '', presenter: '', durationMinutes: 20, type: 'decision' });
		});
		return id;
	};
	return { s1: await item('s1'), s2: await item('s2') };
}

/** PostgreSQL: how many connections to this database wait for a lock. */
async function lockWaits(data: Data): Promise<number> {
	const rows = await data.rows<{ n: string }>(sql`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
	return Number(rows[0].n);
}

/** Polls `check` until it holds, for at most `boundMs`. */
async function waitFor(check: () => Promise<boolean>, what: string, boundMs = 5000): Promise<void> {
	for (const start = Date.now(); !(await check()); await new Promise((resolve) => setTimeout(resolve, 10)))
		if (Date.now() - start > boundMs) throw new Error(`timed out waiting for ${what}`);
}

/** A barrier: a third connection holds a row for update until `release()`; commands started meanwhile queue behind it. */
async function holdRow(holder: Data, table: 'polls' | 'plenarySessions', id: string) {
	let release = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	let locked = () => {};
	const isLocked = new Promise<void>((resolve) => (locked = resolve));
	const held = holder.transaction(async (tx) => {
		await lockForUpdate(holder, tx, holder.t[table], id);
		locked();
		await released;
	});
	await isLocked;
	return { release, held };
}

describe.each(DIALECTS)('the poll commands on %s', (dialect) => {
	let db: TempData;
	let data: Data;
	let items: { s1: string; s2: string };
	beforeEach(async () => {
		db = await tempData(dialect);
		data = db.data;
		items = await seed(data);
	});
	afterEach(async () => {
		// The projections scheduled by the votes read the database: let them end before it goes.
		await Promise.all(['s1', 's2'].map((sessionId) => scheduleProjection(data, sessionId)));
		await db.cleanup();
	});

	const open = (over: Partial<OpenPollInput> = {}, handle = data) =>
		openPoll(handle, moderator, { ...subject, agendaItemId: items.s1, motion: null, kind: 'vote', secrecy: 'named', now: at, ...over });
	const vote = (personId: string, pollId: string, choice: 'yes' | 'no' | 'abstain', handle = data) =>
		castVote(handle, voter(personId), { ...subject, pollId, choice, statement: null, now: at });

	async function resolutionsOf(sessionId = 's1') {
		const { resolutions } = data.t;
		return data.q.select().from(resolutions).where(eq(resolutions.sessionId, sessionId)).orderBy(resolutions.number);
	}
	async function pollsOf(sessionId = 's1') {
		const { polls } = data.t;
		return data.q.select().from(polls).where(eq(polls.sessionId, sessionId)).orderBy(polls.openedAt);
	}

	it("opens a poll on an agenda item, takes the votes, and closes it into the session's next resolution", async () => {
		const poll = await open();
		expect(poll).toMatchObject({
			status: 'open',
			motion: 'Mobile Gesundheitsberatung',
			majority: 'simple',
			quorumPercent: 50,
			seatsAtOpen: { total: 6, present: 5 }
		});
		expect(await refusalOf(open())).toBe('poll_already_open');
		await vote('v0', poll.id, 'yes');
		await vote('v1', poll.id, 'yes');
		await vote('v2', poll.id, 'no');
		const first = await closePoll(data, moderator, { ...subject, pollId: poll.id, now: at });
		expect(first).toMatchObject({ number: 1, pollId: poll.id, outcome: 'adopted', tally: { yes: 2, no: 1, abstain: 0 }, seats: { total: 6, present: 5 } });
		// Every screen shows the result: the close's projection ran after its commit, and was waited for.
		expect(await readDocumentOn(data, plenaryDoc('s1'), readPoll)).toMatchObject({ id: poll.id, status: 'closed', cast: 3 });
		expect(await refusalOf(closePoll(data, moderator, { ...subject, pollId: poll.id }))).toBe('poll_closed');
		expect(await refusalOf(cancelPoll(data, moderator, { ...subject, pollId: poll.id }))).toBe('poll_closed');
		expect(await refusalOf(vote('v3', poll.id, 'no'))).toBe('poll_closed');

		const consensus = await open({ kind: 'consensus', motion: 'Ein Verbund für die Ausbildung' });
		const second = await closePoll(data, moderator, { ...subject, pollId: consensus.id });
		expect(second).toMatchObject({ number: 2, outcome: 'no_consensus', motion: 'Ein Verbund für die Ausbildung' });
		expect((await resolutionsOf()).map((r) => [r.number, r.pollId])).toEqual([
			[1, poll.id],
			[2, consensus.id]
		]);
	});

	it('cancels a poll opened by mistake: no resolution, the ballots kept, and the next poll may open', async () => {
		const poll = await open();
		await vote('v0', poll.id, 'no');
		await cancelPoll(data, moderator, { ...subject, pollId: poll.id, now: at });
		expect(await pollsOf()).toMatchObject([{ id: poll.id, status: 'cancelled', closedByPersonId: 'mod' }]);
		expect(await resolutionsOf()).toEqual([]);
		const { pollBallots } = data.t;
		expect(await data.q.select().from(pollBallots).where(eq(pollBallots.pollId, poll.id))).toHaveLength(1);
		expect(await readDocumentOn(data, plenaryDoc('s1'), readPoll)).toMatchObject({ id: poll.id, status: 'cancelled' });
		expect(await refusalOf(open())).toBeUndefined();
	});

	it('adds the count taken in the room to the ballots at the close, and refuses a count above the seats in the room', async () => {
		const poll = await open({ secrecy: 'secret' });
		await vote('v0', poll.id, 'yes');
		const count = (counts: Record<string, number>) => recordRoomCount(data, moderator, { ...subject, pollId: poll.id, counts });
		expect(await count({ yes: 3 })).toEqual({ room: { yes: 3, no: 0, abstain: 0 }, ballots: 1, seatsPresent: 5 });
		// One ballot on a device and five hands are six, in a room of five seats.
		expect(await refusalOf(count({ yes: 5 }))).toBe('room_count_exceeds_seats');
		expect(await refusalOf(count({ agree: 1 }))).toBe('choice_not_in_poll');
		expect(await count({ yes: 2, no: 1 })).toEqual({ room: { yes: 2, no: 1, abstain: 0 }, ballots: 1, seatsPresent: 5 });
		const resolution = await closePoll(data, moderator, { ...subject, pollId: poll.id });
		expect(resolution).toMatchObject({ outcome: 'adopted', tally: { yes: 3, no: 1, abstain: 0 }, roomTally: { yes: 2, no: 1, abstain: 0 } });
	});

	it('refuses those without the right (403), and what the rules do not allow, writing nothing', async () => {
		const stranger = person('mod', standing('south', 'moderator'));
		await expect(openPoll(data, voter('v0'), { ...subject, agendaItemId: items.s1, motion: null, kind: 'vote', secrecy: 'named' })).rejects.toMatchObject({
			status: 403
		});
		await expect(openPoll(data, stranger, { ...subject, agendaItemId: items.s1, motion: null, kind: 'vote', secrecy: 'named' })).rejects.toMatchObject({
			status: 403
		});
		expect(await refusalOf(open({ secrecy: 'secret', kind: 'consensus' }))).toBe('consensus_is_named');
		expect(await refusalOf(open({ agendaItemId: 'nothing' }))).toBe('agenda_item_unknown');
		expect(await refusalOf(open({ sessionId: 'elsewhere' }))).toBe('not_found');
		// One of six seats in the room of s2: opened only when those who run it confirm.
		expect(await refusalOf(open({ sessionId: 's2', agendaItemId: items.s2 }))).toBe('not_quorate');
		expect(await pollsOf('s2')).toEqual([]);
		expect(await open({ sessionId: 's2', agendaItemId: items.s2, confirmNotQuorate: true })).toMatchObject({ seatsAtOpen: { total: 6, present: 1 } });

		const poll = await open();
		for (const who of [voter('v0'), stranger]) {
			const input = { ...subject, pollId: poll.id };
			await expect(closePoll(data, who, input)).rejects.toMatchObject({ status: 403 });
			await expect(cancelPoll(data, who, input)).rejects.toMatchObject({ status: 403 });
			await expect(recordRoomCount(data, who, { ...input, counts: { yes: 1 } })).rejects.toMatchObject({ status: 403 });
		}
		expect(await refusalOf(closePoll(data, moderator, { ...subject, pollId: 'nothing' }))).toBe('not_found');
		expect(await pollsOf()).toMatchObject([{ id: poll.id, status: 'open' }]);
		expect(await resolutionsOf()).toEqual([]);
	});

	if (dialect === 'postgres') {
		it('opens one poll per session when two instances open one at once; the other is refused as poll_already_open', async () => {
			const [other, holder, watcher] = [await db.another(), await db.another(), await db.another()];
			// Both start together: they queue behind the session's row until both wait, then go.
			const barrier = await holdRow(holder, 'plenarySessions', 's1');
			const opens = Promise.all([refusalOf(open()), refusalOf(open({ kind: 'consensus' }, other))]);
			await waitFor(async () => (await lockWaits(watcher)) === 2, 'both opens waiting').finally(barrier.release);
			await barrier.held;
			expect((await opens).sort()).toEqual(['poll_already_open', undefined]);
			const { polls } = data.t;
			expect(
				await data.q
					.select()
					.from(polls)
					.where(and(eq(polls.sessionId, 's1'), eq(polls.status, 'open')))
			).toHaveLength(1);
		});

		it('closes on the votes under way: the close waits for a vote that holds the poll row shared, then counts it', async () => {
			const poll = await open();
			const [other, watcher] = [await db.another(), await db.another()];
			// A vote whose transaction stays open after its work until released: it shares the poll row.
			let release = () => {};
			const released = new Promise<void>((resolve) => (release = resolve));
			let voted = () => {};
			const hasVoted = new Promise<void>((resolve) => (voted = resolve));
			const held = castVote(data, voter('v0'), { ...subject, pollId: poll.id, choice: 'yes', statement: null }, (work) =>
				transactOn(data, async (tx, effects) => {
					const result = await work(tx, effects);
					voted();
					await released;
					return result;
				})
			);
			await hasVoted;
			const close = closePoll(other, moderator, { ...subject, pollId: poll.id });
			await waitFor(async () => (await lockWaits(watcher)) === 1, 'the close waiting for the vote').finally(release);
			await held;
			expect(await close).toMatchObject({ number: 1, tally: { yes: 1, no: 0, abstain: 0 }, outcome: 'adopted' });
			// A vote after the close finds it closed.
			expect(await refusalOf(vote('v1', poll.id, 'no', other))).toBe('poll_closed');
		});

		it('of a close and a cancel at once, one wins and the other is refused as closed: a cancel never lands on a decided poll', async () => {
			const poll = await open();
			await vote('v0', poll.id, 'yes');
			const [other, holder, watcher] = [await db.another(), await db.another(), await db.another()];
			const barrier = await holdRow(holder, 'polls', poll.id);
			const both = Promise.all([
				refusalOf(closePoll(data, moderator, { ...subject, pollId: poll.id })),
				refusalOf(cancelPoll(other, moderator, { ...subject, pollId: poll.id }))
			]);
			await waitFor(async () => (await lockWaits(watcher)) === 2, 'the close and the cancel waiting').finally(barrier.release);
			await barrier.held;
			const [closed, cancelled] = await both;
			expect([closed, cancelled].sort()).toEqual(['poll_closed', undefined]);
			const [row] = await pollsOf();
			expect(row.status).toBe(closed === undefined ? 'closed' : 'cancelled');
			expect(await resolutionsOf()).toHaveLength(closed === undefined ? 1 : 0);
		});
	}
});
