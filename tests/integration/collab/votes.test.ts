import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readPoll } from '../../../src/lib/plenary/poll';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { cancelPoll } from '../../../src/lib/server/commands/cancelPoll';
import { castVote, type CastVoteInput } from '../../../src/lib/server/commands/castVote';
import { checkIn } from '../../../src/lib/server/commands/checkIn';
import { closePoll } from '../../../src/lib/server/commands/closePoll';
import { openPoll, type OpenPollInput } from '../../../src/lib/server/commands/openPoll';
import { first } from '../../../src/lib/server/db/client';
import { loadActorOn } from '../../../src/lib/server/policies';
import { PROJECTION_INTERVAL_MS } from '../../../src/lib/server/polls/projectPoll';
import { listResolutions } from '../../../src/lib/server/queries/votes';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import { planSitting } from '../support/meetings';
import type { ActorName } from '../support/fixture';
import { connect, startTestServerOn, until } from '../support/collab';
import { answerTo, refusalOf } from '../support/errors';

type Who = Exclude<ActorName, 'anonymous'>;

/** The HTTP status a policy refusal carries. */
async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
	try {
		await promise;
	} catch (e) {
		return (e as { status?: number }).status;
	}
	return undefined;
}

const settle = () => new Promise((r) => setTimeout(r, PROJECTION_INTERVAL_MS * 3));

describe.each(DIALECTS)('votes on %s', (dialect) => {
	// No document server but in the live tests, which start their own: the commands write the
	// plenary document straight into the store (under its lock on PostgreSQL), as in a process without one.
	const bed = collabTestBedOn(dialect, {}, { serve: false });
	/** A document server for one test, stopped after it (with its clients). */
	const liveServer = async () => {
		const server = await startTestServerOn(bed.data);
		onTestFinished(() => server.stop());
		return server;
	};
	/** A voting member and the deputy who stands in for them (the fixture's deputy has no principal). */
	let principalId: string;
	let standInId: string;

	beforeAll(async () => {
		const { people, conferenceMemberships } = bed.data.t;
		const conferenceId = bed.fixture.conferenceA.id;
		principalId = (await bed.data.q.insert(people).values({ displayName: 'Dr. Weber' }).returning())[0].id;
		standInId = (await bed.data.q.insert(people).values({ displayName: 'Frau Koch' }).returning())[0].id;
		await bed.data.q.insert(conferenceMemberships).values({ conferenceId, personId: principalId, role: 'member', memberStatus: 'voting' });
		await bed.data.q
			.insert(conferenceMemberships)
			.values({ conferenceId, personId: standInId, role: 'member', memberStatus: 'deputy', deputyForPersonId: principalId });
	});

	const actor = (who: Who | string) => loadActorOn(bed.data, who in (bed.fixture?.ids ?? {}) ? bed.fixture.ids[who as Who] : who);

	/** A session of today with an agenda (a decision item and a break), and who is in the room. */
	async function newSession(present: (Who | string)[] = []) {
		const data = bed.data;
		const {
			session,
			subject,
			docName,
			itemIds: [itemId, breakId]
		} = await planSitting(data, bed.fixture, {
			agenda: [{ title: 'Handlungsempfehlung Pflege' }, { title: 'Pause', durationMinutes: 15, type: 'break' }]
		});
		for (const who of present) await checkIn(data, await actor(who), { code: session.checkInCode, method: 'code' });
		const open = async (over: Partial<OpenPollInput> = {}) =>
			openPoll(data, await actor('moderator'), {
				...subject,
				agendaItemId: itemId,
				motion: null,
				kind: 'vote',
				secrecy: 'named',
				confirmNotQuorate: true,
				...over
			});
		const vote = async (who: Who | string, pollId: string, over: Partial<CastVoteInput> = {}) =>
			refusalOf(castVote(data, await actor(who), { ...subject, pollId, choice: 'yes', statement: null, ...over }));
		return { session, subject, itemId, breakId, open, vote, docName };
	}

	const stored = async (docName: string) => readPoll(await docStoreOn(bed.data).read(docName));
	const ballotsOf = (pollId: string) => bed.data.q.select().from(bed.data.t.pollBallots).where(eq(bed.data.t.pollBallots.pollId, pollId));

	describe('opening a poll', () => {
		it('is for those who run the session, on an agenda item that is not a break, one poll at a time', async () => {
			const s = await newSession();
			await expect(
				openPoll(bed.data, await actor('votingMember'), { ...s.subject, agendaItemId: s.itemId, motion: null, kind: 'vote', secrecy: 'named' })
			).rejects.toThrow();
			expect(await refusalOf(s.open({ agendaItemId: s.breakId }))).toBe('agenda_item_unknown');
			expect(await refusalOf(s.open({ agendaItemId: 'nosuchitem' }))).toBe('agenda_item_unknown');
			expect(await refusalOf(s.open({ kind: 'consensus', secrecy: 'secret' }))).toBe('consensus_is_named');
			const poll = await s.open({ motion: 'Die Konferenz empfiehlt dem Kreistag, eine Pflegeberatung einzurichten.' });
			expect(poll).toMatchObject({ status: 'open', itemTitle: 'Handlungsempfehlung Pflege', majority: 'simple', quorumPercent: 50 });
			expect(await refusalOf(s.open())).toBe('poll_already_open');
			// Every screen shows the open poll with its count; the motion falls back to the item's title.
			expect(await stored(s.docName)).toMatchObject({ id: poll.id, status: 'open', cast: 0, motion: poll.motion, result: null });
		});

		it('copies the conference’s rules, so changing them later does not change a poll', async () => {
			const { conferences } = bed.data.t;
			const conference = first(await bed.data.q.select().from(conferences).where(eq(conferences.id, bed.fixture.conferenceA.id)))!;
			await bed.data.q
				.update(conferences)
				.set({ settings: { ...conference.settings, majority: 'two_thirds', quorumPercent: 0 } })
				.where(eq(conferences.id, conference.id));
			try {
				const s = await newSession();
				const poll = await s.open();
				expect(poll).toMatchObject({ majority: 'two_thirds', quorumPercent: 0 });
			} finally {
				await bed.data.q.update(conferences).set({ settings: conference.settings }).where(eq(conferences.id, conference.id));
			}
		});
	});

	describe('casting a vote', () => {
		it('takes one vote per voting member who is checked in; advisory members, guests and absent members cannot', async () => {
			const s = await newSession(['votingMember', 'advisoryMember', 'guest']);
			const poll = await s.open();
			expect(await s.vote('votingMember', poll.id)).toBeUndefined();
			expect(await s.vote('votingMember', poll.id, { choice: 'no' })).toBe('already_voted');
			expect(await s.vote('minuteTaker', poll.id)).toBe('not_checked_in');
			expect(await statusOf(castVote(bed.data, await actor('advisoryMember'), { ...s.subject, pollId: poll.id, choice: 'yes', statement: null }))).toBe(403);
			expect(await statusOf(castVote(bed.data, await actor('guest'), { ...s.subject, pollId: poll.id, choice: 'yes', statement: null }))).toBe(403);
			const ballots = await ballotsOf(poll.id);
			expect(ballots).toHaveLength(1);
			expect(ballots[0]).toMatchObject({ voterPersonId: bed.fixture.ids.votingMember, seatPersonId: bed.fixture.ids.votingMember, choice: 'yes' });
		});

		it('lets a deputy vote for an absent member, once per seat; a present member votes in person', async () => {
			const s = await newSession([principalId, standInId]);
			const first = await s.open();
			expect(await s.vote(standInId, first.id)).toBe('principal_present');
			expect(await s.vote(principalId, first.id)).toBeUndefined();
			await closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: first.id });

			// The member is away: the deputy votes for the seat, and the member coming back cannot vote again.
			const other = await newSession([standInId]);
			const poll = await other.open();
			expect(await other.vote(standInId, poll.id, { choice: 'no' })).toBeUndefined();
			await checkIn(bed.data, await actor(principalId), { code: other.session.checkInCode, method: 'code' });
			expect(await other.vote(principalId, poll.id)).toBe('seat_already_voted');
			expect(await ballotsOf(poll.id)).toEqual([expect.objectContaining({ seatPersonId: principalId, voterPersonId: standInId, choice: 'no' })]);
		});

		it('keeps who voted apart from what was voted in a secret poll', async () => {
			const s = await newSession(['votingMember', 'moderator', 'minuteTaker']);
			const poll = await s.open({ secrecy: 'secret' });
			await s.vote('votingMember', poll.id, { choice: 'yes' });
			await s.vote('moderator', poll.id, { choice: 'no' });
			await s.vote('minuteTaker', poll.id, { choice: 'yes' });
			const ballots = await ballotsOf(poll.id);
			expect(ballots).toHaveLength(3);
			expect(ballots.every((b) => b.choice === null && b.statement === null)).toBe(true);
			const { pollTallies } = bed.data.t;
			const tally = Object.fromEntries((await bed.data.q.select().from(pollTallies).where(eq(pollTallies.pollId, poll.id))).map((t) => [t.choice, t.count]));
			expect(tally).toEqual({ yes: 2, no: 1, abstain: 0 });
		});

		it('refuses answers of the other kind of poll, and concerns or objections without reasons', async () => {
			const s = await newSession(['votingMember', 'moderator']);
			const vote = await s.open();
			expect(await s.vote('votingMember', vote.id, { choice: 'agree' })).toBe('choice_not_in_poll');
			await cancelPoll(bed.data, await actor('moderator'), { ...s.subject, pollId: vote.id });
			const consensus = await s.open({ kind: 'consensus' });
			expect(await s.vote('votingMember', consensus.id, { choice: 'yes' })).toBe('choice_not_in_poll');
			expect(await s.vote('votingMember', consensus.id, { choice: 'object', statement: '  ' })).toBe('statement_required');
			expect(await s.vote('votingMember', consensus.id, { choice: 'agree', statement: 'ignored' })).toBeUndefined();
			expect(first(await ballotsOf(consensus.id))?.statement).toBeNull();
		});

		it('is held to one ballot per seat by the database itself', async () => {
			const s = await newSession(['votingMember']);
			const poll = await s.open();
			await s.vote('votingMember', poll.id);
			const again = {
				pollId: poll.id,
				seatPersonId: bed.fixture.ids.votingMember,
				voterPersonId: bed.fixture.ids.votingMember,
				choice: 'no' as const,
				castAt: new Date()
			};
			expect(await answerTo(bed.data.q.insert(bed.data.t.pollBallots).values(again))).toMatch(/UNIQUE|duplicate key/);
		});
	});

	describe('closing a poll', () => {
		it('stores the result as the session’s next resolution, which never changes; later votes are refused', async () => {
			const s = await newSession(['votingMember', 'moderator', 'minuteTaker', 'groupCoordinator']);
			const first = await s.open({ motion: 'Erster Antrag' });
			await s.vote('votingMember', first.id, { choice: 'yes' });
			await s.vote('moderator', first.id, { choice: 'yes' });
			await s.vote('minuteTaker', first.id, { choice: 'no' });
			await s.vote('groupCoordinator', first.id, { choice: 'abstain' });
			await expect(closePoll(bed.data, await actor('votingMember'), { ...s.subject, pollId: first.id })).rejects.toThrow();
			const one = await closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: first.id });
			expect(one).toMatchObject({ number: 1, outcome: 'adopted', motion: 'Erster Antrag', tally: { yes: 2, no: 1, abstain: 1 } });
			expect(await s.vote('groupCoordinator', first.id)).toBe('poll_closed');
			expect(await refusalOf(closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: first.id }))).toBe('poll_closed');
			const { resolutions } = bed.data.t;
			expect(await answerTo(bed.data.q.update(resolutions).set({ outcome: 'rejected' }).where(eq(resolutions.id, one.id)))).toMatch(/never changed/);

			const second = await s.open({ motion: 'Zweiter Antrag' });
			await s.vote('votingMember', second.id, { choice: 'no' });
			const two = await closePoll(bed.data, await actor('office'), { ...s.subject, pollId: second.id });
			expect(two).toMatchObject({ number: 2, outcome: 'rejected' });
			const [listed] = await listResolutions(bed.data, s.session.id);
			// A named vote is on record by name, alphabetically.
			expect(listed.named).toEqual([
				{ name: 'groupCoordinator', choice: 'abstain' },
				{ name: 'minuteTaker', choice: 'no' },
				{ name: 'moderator', choice: 'yes' },
				{ name: 'votingMember', choice: 'yes' }
			]);
			expect((await listResolutions(bed.data, s.session.id)).map((r) => r.motion)).toEqual(['Erster Antrag', 'Zweiter Antrag']);
			expect(await stored(s.docName)).toMatchObject({
				id: second.id,
				status: 'closed',
				cast: 1,
				result: { outcome: 'rejected', tally: { yes: 0, no: 1, abstain: 0 } }
			});
		});

		it('decides nothing without a quorum of the voting seats', async () => {
			// Conference A's six voting seats: the moderator, votingMember, groupCoordinator, minuteTaker, the fixture's target and Dr. Weber.
			const s = await newSession(['votingMember']);
			const poll = await s.open();
			await s.vote('votingMember', poll.id);
			const resolution = await closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: poll.id });
			expect(resolution.outcome).toBe('no_quorum');
			expect(resolution.seats.present).toBe(1);
			expect(resolution.seats.total).toBe(6);
		});

		it('records concerns and objections by name with their reasons; an objection blocks consensus', async () => {
			const s = await newSession(['votingMember', 'moderator', 'minuteTaker', 'groupCoordinator']);
			const poll = await s.open({ kind: 'consensus' });
			await s.vote('votingMember', poll.id, { choice: 'agree' });
			await s.vote('moderator', poll.id, { choice: 'agree' });
			// One millisecond apart: the statements are listed in the order given, and two in the same
			// millisecond have no order between them.
			const given = Date.now();
			await s.vote('minuteTaker', poll.id, { choice: 'concerns', statement: 'Die Finanzierung ab 2028 ist offen.', now: new Date(given) });
			await s.vote('groupCoordinator', poll.id, { choice: 'object', statement: 'Die Selbsthilfe wurde nicht gehört.', now: new Date(given + 1) });
			const resolution = await closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: poll.id });
			expect(resolution.outcome).toBe('no_consensus');
			const [listed] = await listResolutions(bed.data, s.session.id);
			expect(listed.statements).toEqual([
				{ name: 'minuteTaker', choice: 'concerns', statement: 'Die Finanzierung ab 2028 ist offen.' },
				{ name: 'groupCoordinator', choice: 'object', statement: 'Die Selbsthilfe wurde nicht gehört.' }
			]);
			expect((await stored(s.docName))?.result?.statements).toHaveLength(2);
		});

		it('a cancelled poll leaves no resolution', async () => {
			const s = await newSession(['votingMember']);
			const poll = await s.open();
			await s.vote('votingMember', poll.id);
			await cancelPoll(bed.data, await actor('moderator'), { ...s.subject, pollId: poll.id });
			const { resolutions, polls } = bed.data.t;
			expect(await bed.data.q.select().from(resolutions).where(eq(resolutions.pollId, poll.id))).toHaveLength(0);
			expect(first(await bed.data.q.select({ status: polls.status }).from(polls).where(eq(polls.id, poll.id)))?.status).toBe('cancelled');
			expect(await stored(s.docName)).toMatchObject({ status: 'cancelled', result: null });
		});
	});

	describe('the live count', () => {
		it('reaches every screen through the document server, read-only for participants, exact after a burst', async () => {
			const server = await liveServer();
			const s = await newSession(['votingMember', 'moderator', 'minuteTaker', 'groupCoordinator']);
			const screen = bed.track(connect(server.url, s.docName, await bed.cookie('votingMember')));
			await screen.synced();
			const poll = await s.open({ secrecy: 'secret' });
			await until(() => readPoll(screen.doc)?.status === 'open', 5000, 'the poll shows as open');
			expect(readPoll(screen.doc)?.seatsPresent).toBe(4);
			// Someone arrives while the poll is open: the room grows on every screen.
			await checkIn(bed.data, await actor(principalId), { code: s.session.checkInCode, method: 'qr' });
			await until(() => readPoll(screen.doc)?.seatsPresent === 5, 5000, 'the arrival is counted');
			for (const who of ['votingMember', 'moderator', 'minuteTaker', 'groupCoordinator'] as const) await s.vote(who, poll.id);
			await until(() => readPoll(screen.doc)?.cast === 4, 5000, 'the count shows 4');
			await closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: poll.id });
			await until(() => readPoll(screen.doc)?.status === 'closed', 5000, 'the result shows');
			expect(readPoll(screen.doc)?.result).toMatchObject({ outcome: 'adopted', tally: { yes: 4, no: 0, abstain: 0 }, named: [] });
			// A participant's own write to the poll never reaches anyone.
			screen.doc.getMap('poll').set('status', 'open');
			await settle();
			expect((await stored(s.docName))?.status).toBe('closed');
			// A moderator may write the agenda, but a forged result is written over from the database at once.
			const chair = bed.track(connect(server.url, s.docName, await bed.cookie('moderator')));
			await chair.synced();
			chair.doc
				.getMap('poll')
				.set('result', { outcome: 'rejected', tally: { yes: 0, no: 9 }, majority: 'simple', quorumPercent: 0, seatsTotal: 9, statements: [], named: [] });
			await until(() => readPoll(chair.doc)?.result?.outcome === 'adopted', 5000, 'the forged result is replaced');
			const later = bed.track(connect(server.url, s.docName, await bed.cookie('deputy')));
			await later.synced();
			expect(readPoll(later.doc)?.result).toMatchObject({ outcome: 'adopted', tally: { yes: 4, no: 0, abstain: 0 } });
			expect((await stored(s.docName))?.result?.tally).toEqual({ yes: 4, no: 0, abstain: 0 });
		});
	});

	describe('a session without polls', () => {
		it('shows none, even when a moderator’s client writes one into the document', async () => {
			const server = await liveServer();
			const s = await newSession();
			const chair = bed.track(connect(server.url, s.docName, await bed.cookie('moderator')));
			await chair.synced();
			chair.doc.getMap('poll').set('id', 'forged');
			chair.doc.getMap('poll').set('status', 'open');
			await until(() => chair.doc.getMap('poll').size === 0, 5000, 'the forged poll is removed');
			expect(await stored(s.docName)).toBeNull();
		});
	});

	describe('tally integrity', () => {
		it('the tallies always add up to the ballots', async () => {
			// PostgreSQL answers a count and a sum as text (bigint, numeric): compared as numbers.
			const rows = await bed.data.rows<{ poll: string; ballots: number | string; tallied: number | string }>(sql`
				select p.id as poll,
					(select count(*) from poll_ballots b where b.poll_id = p.id) as ballots,
					(select coalesce(sum(count), 0) from poll_tallies t where t.poll_id = p.id) as tallied
				from polls p`);
			expect(rows.length).toBeGreaterThan(5);
			for (const row of rows) expect(Number(row.tallied), row.poll).toBe(Number(row.ballots));
		});
	});
});
