import { and, desc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { readPoll } from '../../../src/lib/plenary/poll';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { castVote } from '../../../src/lib/server/commands/castVote';
import { checkIn } from '../../../src/lib/server/commands/checkIn';
import { closePoll } from '../../../src/lib/server/commands/closePoll';
import { openPoll, type OpenPollInput } from '../../../src/lib/server/commands/openPoll';
import { recordRoomCount } from '../../../src/lib/server/commands/recordRoomCount';
import { removeAttendance } from '../../../src/lib/server/commands/removeAttendance';
import { first } from '../../../src/lib/server/db/client';
import { PROJECTION_INTERVAL_MS } from '../../../src/lib/server/polls/projectPoll';
import { quorumOn } from '../../../src/lib/server/polls/quorum';
import { listResolutions, resolutionEntry } from '../../../src/lib/server/queries/votes';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import { planSitting } from '../support/meetings';
import { refusalOf } from '../support/errors';
import type { ActorName } from '../support/fixture';

// Issue 15: hands and paper next to the devices, and the quorum before a vote opens.

describe.each(DIALECTS)('room counts and the quorum on %s', (dialect) => {
	// Commands only: no document server, the documents are changed in the store.
	const bed = collabTestBedOn(dialect, {}, { serve: false });
	// Ballots are projected up to 100 ms after their commit: let the last ones land before the database goes.
	afterAll(async () => {
		await new Promise((resolve) => setTimeout(resolve, PROJECTION_INTERVAL_MS * 3));
	});

	type Who = Exclude<ActorName, 'anonymous'>;
	const actor = (who: Who) => bed.actor(who);

	/** Conference A's voting seats: moderator, votingMember, groupCoordinator, minuteTaker and the fixture's target (5; quorate from 3). */
	async function newSession(present: Who[]) {
		const {
			session,
			subject,
			docName,
			itemIds: [itemId]
		} = await planSitting(bed.data, bed.fixture, { agenda: [{ title: 'Handlungsempfehlung Pflege' }] });
		for (const who of present) await checkIn(bed.data, await actor(who), { code: session.checkInCode, method: 'code' });
		const open = async (over: Partial<OpenPollInput> = {}) =>
			openPoll(bed.data, await actor('moderator'), { ...subject, agendaItemId: itemId, motion: null, kind: 'vote', secrecy: 'secret', ...over });
		const vote = async (who: Who, pollId: string, choice: 'yes' | 'no' | 'abstain' = 'yes') =>
			refusalOf(castVote(bed.data, await actor(who), { ...subject, pollId, choice, statement: null }));
		const count = async (pollId: string, counts: Record<string, number>, who: Who = 'moderator') =>
			recordRoomCount(bed.data, await actor(who), { ...subject, pollId, counts });
		return { session, subject, open, vote, count, docName };
	}

	const stored = async (docName: string) => readPoll(await docStoreOn(bed.data).read(docName));
	// The tables of the bed's dialect, known once its database is open.
	const t = () => bed.data.t;
	const lastAudit = async (action: string) => {
		const { auditLog } = t();
		return first(await bed.data.q.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.seq)).limit(1));
	};

	describe('the quorum before a vote opens', () => {
		it('refuses to open a vote in a room without a quorum until those who run it confirm; the resolution keeps the room at opening and close', async () => {
			const s = await newSession(['votingMember']);
			expect(await quorumOn(bed.data, bed.fixture.conferenceA.id, s.session.id)).toEqual({ present: 1, total: 5, required: 3, quorate: false });
			const refused = await refusalOf(s.open());
			expect(refused).toBe('not_quorate');
			expect(await bed.data.q.select().from(t().polls).where(eq(t().polls.sessionId, s.session.id))).toHaveLength(0);

			const poll = await s.open({ confirmNotQuorate: true });
			expect(poll.seatsAtOpen).toEqual({ total: 5, present: 1 });
			expect((await lastAudit('poll.open'))?.after).toMatchObject({
				pollId: poll.id,
				quorate: false,
				confirmedNotQuorate: true,
				seats: { total: 5, present: 1 }
			});

			// The room fills while the vote runs: it decides, and the record says it opened without a quorum.
			for (const who of ['moderator', 'minuteTaker'] as const) await checkIn(bed.data, await actor(who), { code: s.session.checkInCode, method: 'code' });
			await s.vote('votingMember', poll.id);
			const resolution = await closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: poll.id });
			expect(resolution).toMatchObject({ outcome: 'adopted', seats: { total: 5, present: 3 }, seatsAtOpen: { total: 5, present: 1 } });
			const [entry] = (await listResolutions(bed.data, s.session.id)).map(resolutionEntry);
			expect(entry.result.opened).toEqual({ total: 5, present: 1 });
			expect((await stored(s.docName))?.result?.opened).toEqual({ total: 5, present: 1 });
		});

		it('opens at once in a quorate room, and says so in the audit', async () => {
			const s = await newSession(['votingMember', 'moderator', 'minuteTaker']);
			const poll = await s.open();
			expect(poll.seatsAtOpen).toEqual({ total: 5, present: 3 });
			expect((await lastAudit('poll.open'))?.after).toMatchObject({ pollId: poll.id, quorate: true });
			expect((await lastAudit('poll.open'))?.after).not.toHaveProperty('confirmedNotQuorate');
		});
	});

	describe('counts taken in the room', () => {
		it('are entered by those who run the session, audited, projected as the part counted in the room, and added to the result', async () => {
			const s = await newSession(['votingMember', 'moderator', 'minuteTaker', 'groupCoordinator']);
			const poll = await s.open();
			expect(await s.vote('votingMember', poll.id, 'yes')).toBeUndefined();
			await expect(s.count(poll.id, { yes: 1 }, 'votingMember')).rejects.toMatchObject({ status: 403 });

			// 1 ballot on a device and 4 seats in the room: at most 3 hands.
			expect(await refusalOf(s.count(poll.id, { yes: 2, no: 2 }))).toBe('room_count_exceeds_seats');
			expect(await refusalOf(s.count(poll.id, { agree: 1 }))).toBe('choice_not_in_poll');
			expect(await refusalOf(s.count(poll.id, { yes: -1 }))).toBe('room_count_invalid');
			await s.count(poll.id, { yes: 1, no: 1, abstain: 0 });
			expect(await stored(s.docName)).toMatchObject({ status: 'open', cast: 3, roomCast: 2, seatsPresent: 4 });
			// A recount replaces the count; the audit keeps both.
			await s.count(poll.id, { yes: 2, no: 1 });
			const audit = await lastAudit('poll.countRoom');
			expect(audit).toMatchObject({ actorPersonId: bed.fixture.ids.moderator, subjectId: s.session.id });
			expect(audit?.before).toMatchObject({ pollId: poll.id, room: { yes: 1, no: 1, abstain: 0 } });
			expect(audit?.after).toMatchObject({ pollId: poll.id, room: { yes: 2, no: 1, abstain: 0 }, ballots: 1, seatsPresent: 4 });
			expect(await stored(s.docName)).toMatchObject({ cast: 4, roomCast: 3 });
			// The ballots on devices stay what they are: the tally of ballots still equals the ballots.
			expect(
				first(
					await bed.data.q
						.select()
						.from(t().pollTallies)
						.where(and(eq(t().pollTallies.pollId, poll.id), eq(t().pollTallies.choice, 'yes')))
				)
			).toMatchObject({ count: 1, roomCount: 2 });

			const resolution = await closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: poll.id });
			expect(resolution).toMatchObject({ outcome: 'adopted', tally: { yes: 3, no: 1, abstain: 0 }, roomTally: { yes: 2, no: 1, abstain: 0 } });
			expect(await stored(s.docName)).toMatchObject({
				status: 'closed',
				cast: 4,
				roomCast: 3,
				result: { tally: { yes: 3, no: 1, abstain: 0 }, room: { yes: 2, no: 1, abstain: 0 } }
			});
			expect(await refusalOf(s.count(poll.id, { yes: 0 }))).toBe('poll_closed');
		});

		it('a whole vote by show of hands: no ballots on devices, the room count is the result', async () => {
			const s = await newSession(['votingMember', 'moderator', 'minuteTaker']);
			const poll = await s.open({ secrecy: 'named' });
			await s.count(poll.id, { yes: 1, no: 2 });
			const resolution = await closePoll(bed.data, await actor('office'), { ...s.subject, pollId: poll.id });
			expect(resolution).toMatchObject({ outcome: 'rejected', tally: { yes: 1, no: 2, abstain: 0 }, roomTally: { yes: 1, no: 2, abstain: 0 } });
		});

		it('is checked again at the close: ballots that arrived, or people who left, after the count refuse the close until the count is corrected', async () => {
			const s = await newSession(['votingMember', 'moderator', 'minuteTaker', 'groupCoordinator']);
			const poll = await s.open();
			await s.vote('votingMember', poll.id);
			// The chair counts three hands while two more phones are still voting.
			await s.count(poll.id, { yes: 3 });
			expect(await s.vote('moderator', poll.id, 'no')).toBeUndefined();
			expect(await refusalOf(closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: poll.id }))).toBe('votes_exceed_seats');
			expect(first(await bed.data.q.select({ status: t().polls.status }).from(t().polls).where(eq(t().polls.id, poll.id)))?.status).toBe('open');
			await s.count(poll.id, { yes: 2 });
			// Someone leaves the room: four seats are now three, again too many votes.
			await removeAttendance(bed.data, await actor('office'), { ...s.subject, personId: bed.fixture.ids.groupCoordinator });
			expect(await refusalOf(closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: poll.id }))).toBe('votes_exceed_seats');
			await s.count(poll.id, { yes: 1 });
			const resolution = await closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: poll.id });
			expect(resolution).toMatchObject({ tally: { yes: 2, no: 1, abstain: 0 }, roomTally: { yes: 1, no: 0, abstain: 0 }, seats: { present: 3 } });
		});

		it('a recount that lowers the room part is taken even when people who voted on their devices have left, so the vote can still be closed', async () => {
			const s = await newSession(['votingMember', 'moderator', 'minuteTaker', 'groupCoordinator']);
			const poll = await s.open();
			await s.vote('votingMember', poll.id);
			await s.vote('moderator', poll.id, 'no');
			await s.vote('minuteTaker', poll.id);
			await s.count(poll.id, { yes: 1 });
			// Two who voted on their phones leave: three ballots, two seats present.
			await removeAttendance(bed.data, await actor('office'), { ...s.subject, personId: bed.fixture.ids.votingMember });
			await removeAttendance(bed.data, await actor('office'), { ...s.subject, personId: bed.fixture.ids.moderator });
			expect(await refusalOf(closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: poll.id }))).toBe('votes_exceed_seats');
			// Raising the count is refused; taking the room's count back is not.
			expect(await refusalOf(s.count(poll.id, { yes: 2 }))).toBe('room_count_exceeds_seats');
			await s.count(poll.id, { yes: 0 });
			const resolution = await closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: poll.id });
			expect(resolution).toMatchObject({ tally: { yes: 2, no: 1, abstain: 0 }, roomTally: { yes: 0, no: 0, abstain: 0 } });
		});

		it('without a room count, a poll closes as before even if voters left after voting', async () => {
			const s = await newSession(['votingMember', 'moderator', 'minuteTaker']);
			const poll = await s.open();
			await s.vote('votingMember', poll.id);
			await s.vote('moderator', poll.id);
			await removeAttendance(bed.data, await actor('office'), { ...s.subject, personId: bed.fixture.ids.votingMember });
			await removeAttendance(bed.data, await actor('office'), { ...s.subject, personId: bed.fixture.ids.moderator });
			const resolution = await closePoll(bed.data, await actor('moderator'), { ...s.subject, pollId: poll.id });
			expect(resolution).toMatchObject({ outcome: 'no_quorum', tally: { yes: 2 } });
		});
	});
});
