import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { first, type Data } from '../../../src/lib/server/db/client';
import { lockForShare, lockForUpdate, lockRow, lockRows } from '../../../src/lib/server/db/locks';
import { isUniqueViolation } from '../../../src/lib/server/db/uniqueViolation';
import { newId } from '../../../src/lib/server/ids';
import { DIALECTS, tempData, type TempData } from '../support/data';

// Rules that span rows (README, "Rules that span rows, on PostgreSQL"), each with the mechanism
// chosen for it, under concurrent writers doing what the command does: check, then write, in one
// transaction. On PostgreSQL the attempts are spread over two handles, two instances with a pool
// each; on SQLite over one (a second connection in this process would block the event loop on
// the write lock, and SQLite has one writer anyway). Every attempt waits at a barrier first, so
// they start together and really overlap. The `without` tests show, on PostgreSQL, that the
// mechanism is needed: they hold two transactions at the point of the race, so they cannot pass
// by luck, and assert the anomaly that happens there.

const T = 1_780_000_000_000;
const YEAR = 2026;

/** A command's refusal: the user is told, nothing is written. */
class Refused extends Error {
	constructor(readonly code: string) {
		super(code);
	}
}

/** What an attempt ended with: its result, or the refusal; a unique violation is the index refusing. Anything else fails the test. */
async function outcome(attempt: () => Promise<string>): Promise<string> {
	try {
		return await attempt();
	} catch (error) {
		if (error instanceof Refused) return error.code;
		if (isUniqueViolation(error)) return 'unique';
		throw error;
	}
}

/** Resolves for everyone once `n` have arrived. */
function barrier(n: number): () => Promise<void> {
	let arrived = 0;
	let open!: () => void;
	const all = new Promise<void>((resolve) => (open = resolve));
	return () => {
		if (++arrived >= n) open();
		return all;
	};
}

const count = (outcomes: string[], what: string) => outcomes.filter((o) => o === what).length;

describe.each(DIALECTS)('rules that span rows, concurrent writers, on %s', (dialect) => {
	let db: TempData;
	let handles: Data[];
	beforeEach(async () => {
		db = await tempData(dialect);
		handles = dialect === 'postgres' ? [db.data, await db.another()] : [db.data];
		await seed(db.data);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	/** `n` attempts, spread over the handles, all started at once. */
	async function together(n: number, attempt: (data: Data, i: number) => Promise<string>): Promise<string[]> {
		const start = barrier(n);
		return Promise.all(
			Array.from({ length: n }, async (_, i) => {
				await start();
				return outcome(() => attempt(handles[i % handles.length], i));
			})
		);
	}

	// --- The locks themselves ----------------------------------------------------------------------

	it('lockRows holds the rows that exist, each once, in id order; lockRow refuses a condition naming several', async () => {
		const { data } = db;
		const { people } = data.t;
		await data.transaction(async (tx) => {
			expect(await lockRows(data, tx, people, ['v3', 'o2', 'nobody', 'v3', 'o1'])).toEqual(['o1', 'o2', 'v3']);
			expect(await lockForUpdate(data, tx, people, 'nobody')).toBe(false);
			expect(await lockRows(data, tx, people, [])).toEqual([]);
			await expect(lockRow(data, tx, people, sql`${people.id} LIKE 'o%'`)).rejects.toThrow('more than one row');
		});
	});

	it.runIf(dialect === 'postgres')('a row shared by two transactions on two instances is held by both at once', async () => {
		await openPoll1(db.data);
		const both = barrier(2);
		const share = (data: Data) =>
			data.transaction(async (tx) => {
				expect(await lockForShare(data, tx, data.t.polls, 'poll1')).toBe(true);
				// Both arrive here only if neither waits for the other.
				await both();
				return 'shared';
			});
		expect(await Promise.all([share(handles[0]), share(handles[1])])).toEqual(['shared', 'shared']);
	});

	// --- One vote per seat and per voter: unique indexes -------------------------------------------

	/** What castVote does: the poll must be open, no earlier ballot for the voter or the seat; ballot and tally together. */
	const vote = (data: Data, voter: string, seat: string) =>
		data.transaction(async (tx) => {
			const { polls, pollBallots, pollTallies } = data.t;
			// Shared with the other votes, not with the close: see the test "a poll closes on the votes…".
			await lockForShare(data, tx, polls, 'poll1');
			const poll = first(await tx.select({ status: polls.status }).from(polls).where(eq(polls.id, 'poll1')));
			if (poll?.status !== 'open') throw new Refused('poll_closed');
			const earlier = first(
				await tx
					.select({ voter: pollBallots.voterPersonId })
					.from(pollBallots)
					.where(and(eq(pollBallots.pollId, 'poll1'), or(eq(pollBallots.voterPersonId, voter), eq(pollBallots.seatPersonId, seat))))
			);
			if (earlier) throw new Refused(earlier.voter === voter ? 'already_voted' : 'seat_already_voted');
			await tx.insert(pollBallots).values({ id: newId(), pollId: 'poll1', seatPersonId: seat, voterPersonId: voter, choice: 'yes', castAt: new Date(T) });
			await tx
				.update(pollTallies)
				.set({ count: sql`${pollTallies.count} + 1` })
				.where(and(eq(pollTallies.pollId, 'poll1'), eq(pollTallies.choice, 'yes')));
			return 'cast';
		});

	const ballots = async (data: Data) => Number(first(await data.rows<{ n: number | string }>(sql`SELECT count(*) AS n FROM poll_ballots`))!.n);
	const yesCount = async (data: Data) =>
		first(await data.q.select({ count: data.t.pollTallies.count }).from(data.t.pollTallies).where(eq(data.t.pollTallies.choice, 'yes')))!.count;

	it('one vote per seat and per voter: of a member voting twice and two deputies for the same seat, one is counted', async () => {
		await openPoll1(db.data);
		const seats = ['m1', 'm2', 'm3', 'm4'];
		// Per seat: the member twice, and each of two deputies for the same seat.
		const tries = seats.flatMap((seat) => [
			{ voter: seat, seat },
			{ voter: seat, seat },
			{ voter: `${seat}d1`, seat },
			{ voter: `${seat}d2`, seat }
		]);
		const outcomes = await together(tries.length, (data, i) => vote(data, tries[i].voter, tries[i].seat));

		for (const seat of seats) {
			const forSeat = outcomes.filter((_, i) => tries[i].seat === seat);
			expect(count(forSeat, 'cast')).toBe(1);
			for (const o of forSeat) expect(['cast', 'already_voted', 'seat_already_voted', 'unique']).toContain(o);
		}
		expect(await ballots(db.data)).toBe(seats.length);
		expect(await yesCount(db.data)).toBe(seats.length);
	});

	// --- A poll closes on the votes that committed: the poll row, shared by votes, held by the close ---

	/** What closePoll does: the tally it decides on, then the poll closed. */
	const close = (data: Data) =>
		data.transaction(async (tx) => {
			const { polls, pollTallies } = data.t;
			await lockForUpdate(data, tx, polls, 'poll1');
			const poll = first(await tx.select({ status: polls.status }).from(polls).where(eq(polls.id, 'poll1')));
			if (poll?.status !== 'open') throw new Refused('poll_closed');
			const decided = first(await tx.select({ count: pollTallies.count }).from(pollTallies).where(and(eq(pollTallies.pollId, 'poll1'), eq(pollTallies.choice, 'yes'))))!.count;
			await tx.update(polls).set({ status: 'closed', closedAt: new Date(T) }).where(eq(polls.id, 'poll1'));
			return decided;
		});

	it('a poll closes on exactly the votes that committed: none is counted after the result was taken', async () => {
		await openPoll1(db.data);
		const voters = Array.from({ length: 16 }, (_, i) => `v${i}`);
		let decided = -1;
		const outcomes = await together(voters.length + 1, async (data, i) => {
			// The close comes in the middle of the burst.
			if (i === voters.length / 2) return `closed with ${(decided = await close(data))}`;
			const voter = voters[i > voters.length / 2 ? i - 1 : i];
			return vote(data, voter, voter);
		});

		expect(count(outcomes, 'cast') + count(outcomes, 'poll_closed')).toBe(voters.length);
		expect(decided).toBe(count(outcomes, 'cast'));
		expect(await yesCount(db.data)).toBe(decided);
		expect(await ballots(db.data)).toBe(decided);
	});

	// --- One open poll per session: a partial unique index ----------------------------------------

	it('one open poll per session: of ten opened at once, one opens and the others are refused', async () => {
		const open = (data: Data, i: number) =>
			data.transaction(async (tx) => {
				const { polls } = data.t;
				const already = first(await tx.select({ id: polls.id }).from(polls).where(and(eq(polls.sessionId, 's1'), eq(polls.status, 'open'))));
				if (already) throw new Refused('poll_already_open');
				await tx.insert(polls).values(pollValues(`poll-${i}`));
				return 'opened';
			});
		const outcomes = await together(10, open);

		expect(count(outcomes, 'opened')).toBe(1);
		expect(count(outcomes, 'poll_already_open') + count(outcomes, 'unique')).toBe(9);
		const open_ = await db.data.q.select({ id: db.data.t.polls.id }).from(db.data.t.polls).where(eq(db.data.t.polls.status, 'open'));
		expect(open_).toHaveLength(1);
	});

	// --- One claim per person and meeting, numbered per conference and year: the conference row ---

	/** What draftClaimOn does: the person's claim for the meeting, found again or made with the next number. */
	const draft = (data: Data, personId: string, locked = true) =>
		data.transaction(async (tx) => {
			const { claims, conferences } = data.t;
			if (locked && !(await lockForUpdate(data, tx, conferences, 'c1'))) throw new Refused('not_found');
			const existing = first(await tx.select({ id: claims.id }).from(claims).where(and(eq(claims.personId, personId), eq(claims.sessionId, 's1'))));
			if (existing) return `found ${existing.id}`;
			const next = Number(
				first(await tx.select({ n: sql<number>`coalesce(max(${claims.number}), 0) + 1` }).from(claims).where(and(eq(claims.conferenceId, 'c1'), eq(claims.year, YEAR))))!.n
			);
			const id = `claim-${personId}`;
			await tx.insert(claims).values(claimValues(id, personId, next, 'draft'));
			return `made ${id}`;
		});

	it('one claim per person and meeting, numbered without gaps: drafted twice each, at once, for eight people', async () => {
		const people = Array.from({ length: 8 }, (_, i) => `v${i}`);
		const outcomes = await together(people.length * 2, (data, i) => draft(data, people[i % people.length]));

		for (const person of people) {
			const forPerson = outcomes.filter((_, i) => people[i % people.length] === person);
			expect(forPerson.sort()).toEqual([`found claim-${person}`, `made claim-${person}`]);
		}
		const numbers = await db.data.q.select({ number: db.data.t.claims.number }).from(db.data.t.claims).orderBy(db.data.t.claims.number);
		expect(numbers.map((r) => r.number)).toEqual(people.map((_, i) => i + 1));
	});

	// --- Four eyes: a claim's steps hold its row ----------------------------------------------------

	/** What releaseClaim does: not the claimant, not the approver, only an approved claim. */
	const release = (data: Data, actor: string, meet?: () => Promise<void>) =>
		data.transaction(async (tx) => {
			const { claims } = data.t;
			if (!meet) await lockForUpdate(data, tx, claims, 'cl1');
			const claim = first(await tx.select().from(claims).where(eq(claims.id, 'cl1')))!;
			await meet?.();
			if (claim.personId === actor) throw new Refused('claim_own');
			if (claim.approvedByPersonId === actor) throw new Refused('claim_same_approver');
			if (claim.status !== 'approved') throw new Refused('claim_wrong_status');
			await tx.update(claims).set({ status: 'released', releasedAt: new Date(T), releasedByPersonId: actor }).where(eq(claims.id, 'cl1'));
			return `released by ${actor}`;
		});

	it('four eyes: a claim is released once, never by its approver or claimant, however many try at once', async () => {
		await db.data.q.insert(db.data.t.claims).values({ ...claimValues('cl1', 'v0', 1, 'approved'), approvedByPersonId: 'o1', approvedAt: new Date(T) });
		const actors = ['o1', 'o2', 'o3', 'o4', 'v0', 'o2', 'o3', 'o4'];
		const outcomes = await together(actors.length, (data, i) => release(data, actors[i]));

		const released = outcomes.filter((o) => o.startsWith('released by '));
		expect(released).toHaveLength(1);
		expect(count(outcomes, 'claim_same_approver')).toBe(1);
		expect(count(outcomes, 'claim_own')).toBe(1);
		expect(count(outcomes, 'claim_wrong_status')).toBe(actors.length - 3);
		const row = first(await db.data.q.select().from(db.data.t.claims).where(eq(db.data.t.claims.id, 'cl1')))!;
		expect(row.status).toBe('released');
		expect(released[0]).toBe(`released by ${row.releasedByPersonId}`);
		expect(['o2', 'o3', 'o4']).toContain(row.releasedByPersonId);
	});

	// --- A claim is paid in one batch; batches numbered per conference: the claims' rows, then the conference's ---

	it('payout: of four batches made at once over the same released claims, each claim is paid once and the batches are numbered 1, 2, …', async () => {
		const claimIds = ['cl1', 'cl2', 'cl3'];
		await db.data.q.insert(db.data.t.claims).values(claimIds.map((id, i) => ({ ...claimValues(id, `v${i}`, i + 1, 'approved'), status: 'released' as const })));
		const wanted = [['cl1', 'cl2'], ['cl2', 'cl3'], ['cl3', 'cl1'], ['cl1', 'cl2', 'cl3']];

		/** What createPayoutBatch does: every claim released, or the batch is refused as a whole. */
		const pay = (data: Data, i: number) =>
			data.transaction(async (tx) => {
				const { claims, conferences, payoutBatches } = data.t;
				const ids = wanted[i];
				// In id order, whatever order the office ticked them in: two batches wait, never deadlock.
				await lockRows(data, tx, claims, ids);
				const rows = await tx.select({ status: claims.status }).from(claims).where(inArray(claims.id, ids));
				if (rows.some((r) => r.status !== 'released')) throw new Refused('payout_claim_not_released');
				await lockForUpdate(data, tx, conferences, 'c1');
				const number = Number(first(await tx.select({ n: sql<number>`coalesce(max(${payoutBatches.number}), 0) + 1` }).from(payoutBatches))!.n);
				const batchId = `batch-${i}`;
				await tx.insert(payoutBatches).values({
					id: batchId,
					conferenceId: 'c1',
					number,
					messageId: `AE-${number}-${batchId}`,
					executionDate: '2026-06-01',
					transferCount: ids.length,
					totalCents: 0,
					xml: '<Document/>',
					createdAt: new Date(T)
				});
				await tx.update(claims).set({ status: 'paid', paidAt: new Date(T), batchId }).where(inArray(claims.id, ids));
				return `paid ${ids.join(' ')}`;
			});
		const outcomes = await together(wanted.length, pay);

		const paidClaims = outcomes.filter((o) => o.startsWith('paid ')).flatMap((o) => o.slice('paid '.length).split(' '));
		expect(new Set(paidClaims).size).toBe(paidClaims.length); // none paid twice
		expect(count(outcomes, 'payout_claim_not_released')).toBe(outcomes.length - outcomes.filter((o) => o.startsWith('paid ')).length);
		const batches = await db.data.q.select().from(db.data.t.payoutBatches).orderBy(db.data.t.payoutBatches.number);
		expect(batches.map((b) => b.number)).toEqual(batches.map((_, i) => i + 1));
		const claims = await db.data.q.select().from(db.data.t.claims);
		for (const claim of claims) {
			const batch = batches.find((b) => b.id === claim.batchId);
			expect(claim.status === 'paid').toBe(batch !== undefined);
			if (batch) expect(wanted[Number(batch.id.slice('batch-'.length))]).toContain(claim.id);
		}
		expect(paidClaims.sort()).toEqual(claims.filter((c) => c.status === 'paid').map((c) => c.id).sort());
	});

	// --- The last office role of a conference stays: the conference's row ---------------------------

	/** What removeConferenceRole does for `office`: refused when it is the last. */
	const removeOffice = (data: Data, personId: string, meet?: () => Promise<void>) =>
		data.transaction(async (tx) => {
			const { conferenceMemberships: m, conferences } = data.t;
			if (!meet) await lockForUpdate(data, tx, conferences, 'c1');
			const offices = await tx.select({ personId: m.personId }).from(m).where(and(eq(m.conferenceId, 'c1'), eq(m.role, 'office')));
			await meet?.();
			if (!offices.some((o) => o.personId === personId)) throw new Refused('role_not_held');
			if (offices.length <= 1) throw new Refused('last_office_role');
			await tx.delete(m).where(and(eq(m.conferenceId, 'c1'), eq(m.personId, personId), eq(m.role, 'office')));
			return `removed ${personId}`;
		});
	const twoOffices = (data: Data) =>
		data.q.insert(data.t.conferenceMemberships).values(['o1', 'o2'].map((personId) => ({ id: `m-${personId}`, conferenceId: 'c1', personId, role: 'office' as const, createdAt: new Date(T) })));

	it('the last office role stays: two office members removing each other at once leave one', async () => {
		await twoOffices(db.data);
		const outcomes = await together(4, (data, i) => removeOffice(data, i % 2 ? 'o1' : 'o2'));

		expect(outcomes.filter((o) => o.startsWith('removed '))).toHaveLength(1);
		const left = await db.data.q.select().from(db.data.t.conferenceMemberships);
		expect(left).toHaveLength(1);
	});

	// --- A yearly limit over several claims: serializable --------------------------------------------

	const LIMIT_CENTS = 10_000;

	/** What approveClaim does for the yearly limit: what the person's approved claims of the year come to, with this one. */
	const approve = (data: Data, claimId: string, options: { serializable: boolean; meet?: () => Promise<void> }) =>
		data.transaction(
			async (tx) => {
				const { claims } = data.t;
				const sums = await data.rows<{ approved: number | string | null; claim: number | string | null }>(
					sql`SELECT
						(SELECT sum(l.amount_cents) FROM claim_lines l JOIN claims c ON c.id = l.claim_id
							WHERE c.person_id = 'v0' AND c.year = ${YEAR} AND c.status = 'approved') AS approved,
						(SELECT sum(amount_cents) FROM claim_lines WHERE claim_id = ${claimId}) AS claim`,
					tx
				);
				await options.meet?.();
				if (Number(sums[0].approved ?? 0) + Number(sums[0].claim ?? 0) > LIMIT_CENTS) throw new Refused('over_yearly_limit');
				await tx.update(claims).set({ status: 'approved', approvedAt: new Date(T), approvedByPersonId: 'o1' }).where(eq(claims.id, claimId));
				return `approved ${claimId}`;
			},
			options.serializable ? { isolation: 'serializable' } : {}
		);

	/** Two submitted claims of one person, each within the limit, both together over it. */
	async function twoClaimsOverTheLimit(data: Data) {
		for (const [id, number] of [
			['cl1', 1],
			['cl2', 2]
		] as const) {
			await data.q.insert(data.t.claims).values({ ...claimValues(id, 'v0', number, 'submitted'), groupMeetingId: `gm${number}`, sessionId: null, meetingType: 'working_group' });
			await data.q.insert(data.t.claimLines).values({ id: `${id}-line`, claimId: id, kind: 'flat', amountCents: 6_000, createdAt: new Date(T) });
		}
	}

	it('a yearly limit over several claims: of two approvals at once that together pass it, one is refused', async () => {
		await twoClaimsOverTheLimit(db.data);
		// On PostgreSQL both read before either writes (on SQLite a barrier inside would wait forever:
		// the second transaction starts only when the first ended).
		const meet = dialect === 'postgres' ? barrier(2) : undefined;
		const outcomes = await together(2, (data, i) => approve(data, i === 0 ? 'cl1' : 'cl2', { serializable: true, meet }));

		expect(count(outcomes, 'over_yearly_limit')).toBe(1);
		expect(outcomes.filter((o) => o.startsWith('approved '))).toHaveLength(1);
		const approved = await db.data.q.select({ id: db.data.t.claims.id }).from(db.data.t.claims).where(eq(db.data.t.claims.status, 'approved'));
		expect(approved).toHaveLength(1);
	});

	// --- Seats of an invitation round: the round's row --------------------------------------------

	it('seats of an invitation round: of eight answering yes at once for three seats, three get one, five wait', async () => {
		const { invitationCampaigns, invitations } = db.data.t;
		await db.data.q.insert(invitationCampaigns).values({
			id: 'round1',
			conferenceId: 'c1',
			target: 'plenary',
			sessionId: 's1',
			subject: 'Einladung',
			letterStandard: 'Liebe …',
			capacity: 3,
			answerUntil: new Date(T),
			createdAt: new Date(T)
		});
		const people = Array.from({ length: 8 }, (_, i) => `v${i}`);
		await db.data.q.insert(invitations).values(people.map((personId) => ({ id: `inv-${personId}`, campaignId: 'round1', conferenceId: 'c1', personId, createdAt: new Date(T) })));

		/** What answerInvitation does for a "yes": a seat while the room has one, else the waiting list. */
		const answerYes = (data: Data, personId: string) =>
			data.transaction(async (tx) => {
				await lockForUpdate(data, tx, data.t.invitationCampaigns, 'round1');
				const taken = Number(
					first(await tx.select({ n: sql<number>`count(*)` }).from(data.t.invitations).where(and(eq(data.t.invitations.campaignId, 'round1'), eq(data.t.invitations.place, 'seat'))))!.n
				);
				const place = taken < 3 ? 'seat' : 'waiting';
				await tx
					.update(data.t.invitations)
					.set({ answer: 'yes', place, waitingSince: place === 'waiting' ? new Date(T) : null, answeredAt: new Date(T) })
					.where(eq(data.t.invitations.id, `inv-${personId}`));
				return place;
			});
		const outcomes = await together(people.length, (data, i) => answerYes(data, people[i]));

		expect(count(outcomes, 'seat')).toBe(3);
		expect(count(outcomes, 'waiting')).toBe(5);
		const seated = await db.data.q.select({ id: invitations.id }).from(invitations).where(eq(invitations.place, 'seat'));
		expect(seated).toHaveLength(3);
	});

	// --- One invitation round per date: a unique index --------------------------------------------

	it('one invitation round per date: of six rounds made at once for one sitting, one is made', async () => {
		/** What createInvitationRound does: refused when the date has a round. */
		const createRound = (data: Data, i: number) =>
			data.transaction(async (tx) => {
				const { invitationCampaigns } = data.t;
				if (first(await tx.select({ id: invitationCampaigns.id }).from(invitationCampaigns).where(eq(invitationCampaigns.sessionId, 's1'))))
					throw new Refused('invite_date_has_round');
				await tx.insert(invitationCampaigns).values({
					id: `round-${i}`,
					conferenceId: 'c1',
					target: 'plenary',
					sessionId: 's1',
					subject: 'Einladung',
					letterStandard: 'Liebe …',
					answerUntil: new Date(T),
					createdAt: new Date(T)
				});
				return 'made';
			});
		const outcomes = await together(6, createRound);

		expect(count(outcomes, 'made')).toBe(1);
		expect(count(outcomes, 'invite_date_has_round') + count(outcomes, 'unique')).toBe(5);
		expect(await db.data.q.select({ id: db.data.t.invitationCampaigns.id }).from(db.data.t.invitationCampaigns)).toHaveLength(1);
	});

	// --- Four eyes on where the money goes: the payee's row --------------------------------------

	/** What releaseClaim does about the account: whoever changed it since the approval does not release. `held` keeps it between check and write. */
	const releaseAfterPayee = (data: Data, actor: string, locked: boolean, checked: () => void, held: Promise<void>) =>
		data.transaction(async (tx) => {
			const { allowancePayees: p, claims } = data.t;
			const payeeOfV0 = sql`${p.conferenceId} = 'c1' AND ${p.personId} = 'v0'`;
			if (locked) await lockRow(data, tx, p, payeeOfV0);
			const payee = first(await tx.select({ by: p.bankChangedByPersonId, at: p.bankChangedAt }).from(p).where(payeeOfV0));
			checked();
			await held;
			if (payee?.by === actor && payee.at && payee.at.getTime() >= T) throw new Refused('claim_bank_changed_by_releaser');
			await tx.update(claims).set({ status: 'released', releasedAt: new Date(T + 2), releasedByPersonId: actor }).where(and(eq(claims.id, 'cl1'), eq(claims.status, 'approved')));
			return `released by ${actor}`;
		});

	/** What updatePayee does: the account changed, and a claim released on the old one goes back to approved. */
	const changeAccount = (data: Data, actor: string) =>
		data.transaction(async (tx) => {
			const { allowancePayees: p, claims } = data.t;
			await tx
				.update(p)
				.set({ iban: 'DE02120300000000202051', bankChangedAt: new Date(T + 1), bankChangedByPersonId: actor, updatedAt: new Date(T + 1) })
				.where(and(eq(p.conferenceId, 'c1'), eq(p.personId, 'v0')));
			await tx.update(claims).set({ status: 'approved', releasedAt: null, releasedByPersonId: null }).where(and(eq(claims.personId, 'v0'), eq(claims.status, 'released')));
			return 'changed';
		});

	async function approvedClaimWithPayee(data: Data) {
		await data.q.insert(data.t.claims).values({ ...claimValues('cl1', 'v0', 1, 'approved'), approvedByPersonId: 'o1', approvedAt: new Date(T) });
		await data.q.insert(data.t.allowancePayees).values({ conferenceId: 'c1', personId: 'v0', eligible: true, accountHolder: 'V0', iban: 'DE89370400440532013000', updatedAt: new Date(T) });
	}

	/** On PostgreSQL: resolves once a statement of this database waits for a row lock (polled; a wait, not a timing). */
	async function someoneWaitsForALock(data: Data) {
		for (let i = 0; i < 1000; i++) {
			const [row] = await data.rows<{ n: string }>(sql`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
			if (Number(row.n) > 0) return;
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		throw new Error('nobody waits for a lock');
	}

	it('four eyes on the account: a change of it while the same person releases comes after the release and takes the release back', async () => {
		await approvedClaimWithPayee(db.data);
		const [one, other] = [handles[0], handles[handles.length - 1]];
		let checked!: () => void;
		const hasChecked = new Promise<void>((resolve) => (checked = resolve));
		let go!: () => void;
		const held = new Promise<void>((resolve) => (go = resolve));
		const order: string[] = [];
		const releasing = releaseAfterPayee(one, 'o2', true, checked, held).then((o) => order.push(o));
		await hasChecked;
		const changing = changeAccount(other, 'o2').then((o) => order.push(o));
		// On PostgreSQL the change waits for the payee's row; on SQLite for the connection.
		if (dialect === 'postgres') await someoneWaitsForALock(db.data);
		go();
		await Promise.all([releasing, changing]);

		expect(order).toEqual(['released by o2', 'changed']);
		const claim = first(await db.data.q.select().from(db.data.t.claims).where(eq(db.data.t.claims.id, 'cl1')))!;
		expect(claim.status).toBe('approved');
		expect(claim.releasedByPersonId).toBeNull();
	});

	// --- Without the mechanism: the anomalies it prevents (PostgreSQL only; SQLite has one writer) ---

	describe.runIf(dialect === 'postgres')('without the mechanism, on PostgreSQL', () => {
		it('a vote that read the poll open before the close is stored after the result was taken', async () => {
			await openPoll1(db.data);
			const [one, other] = handles;
			let read!: () => void;
			const hasRead = new Promise<void>((resolve) => (read = resolve));
			let resume!: () => void;
			const closed = new Promise<void>((resolve) => (resume = resolve));
			const voting = one.transaction(async (tx) => {
				const { polls, pollBallots, pollTallies } = one.t;
				const poll = first(await tx.select({ status: polls.status }).from(polls).where(eq(polls.id, 'poll1')));
				expect(poll?.status).toBe('open');
				read();
				await closed;
				await tx.insert(pollBallots).values({ id: newId(), pollId: 'poll1', seatPersonId: 'v0', voterPersonId: 'v0', choice: 'yes', castAt: new Date(T) });
				await tx
					.update(pollTallies)
					.set({ count: sql`${pollTallies.count} + 1` })
					.where(and(eq(pollTallies.pollId, 'poll1'), eq(pollTallies.choice, 'yes')));
			});
			await hasRead;
			const decided = await close(other);
			resume();
			await voting;

			expect(decided).toBe(0);
			expect(await yesCount(db.data)).toBe(1); // counted in a closed poll, after its result
		});

		it('two drafts that read the same highest claim number collide on it', async () => {
			const meet = barrier(2);
			const draftAfterRead = (data: Data, personId: string) =>
				data.transaction(async (tx) => {
					const { claims } = data.t;
					const next = Number(first(await tx.select({ n: sql<number>`coalesce(max(${claims.number}), 0) + 1` }).from(claims))!.n);
					await meet();
					await tx.insert(claims).values(claimValues(`claim-${personId}`, personId, next, 'draft'));
					return 'made';
				});
			const outcomes = await Promise.all([outcome(() => draftAfterRead(handles[0], 'v0')), outcome(() => draftAfterRead(handles[1], 'v1'))]);
			// The unique index refuses the second: without the conference's row lock, numbering by
			// max + 1 turns a busy minute into refused drafts instead of the next number.
			expect(outcomes.sort()).toEqual(['made', 'unique']);
		});

		it('two releases that both read the claim approved both release it: the second overwrites the first', async () => {
			await db.data.q.insert(db.data.t.claims).values({ ...claimValues('cl1', 'v0', 1, 'approved'), approvedByPersonId: 'o1', approvedAt: new Date(T) });
			const meet = barrier(2);
			const outcomes = await Promise.all([outcome(() => release(handles[0], 'o2', meet)), outcome(() => release(handles[1], 'o3', meet))]);
			expect(outcomes.sort()).toEqual(['released by o2', 'released by o3']);
		});

		it('two office members removing each other, having both counted two offices, leave none', async () => {
			await twoOffices(db.data);
			const meet = barrier(2);
			const outcomes = await Promise.all([outcome(() => removeOffice(handles[0], 'o1', meet)), outcome(() => removeOffice(handles[1], 'o2', meet))]);
			expect(outcomes.sort()).toEqual(['removed o1', 'removed o2']);
			expect(await db.data.q.select().from(db.data.t.conferenceMemberships)).toHaveLength(0);
		});

		it('an account changed between the check and the write of a release: released by the one who changed it', async () => {
			await approvedClaimWithPayee(db.data);
			let checked!: () => void;
			const hasChecked = new Promise<void>((resolve) => (checked = resolve));
			let go!: () => void;
			const held = new Promise<void>((resolve) => (go = resolve));
			const releasing = releaseAfterPayee(handles[0], 'o2', false, checked, held);
			await hasChecked;
			expect(await changeAccount(handles[1], 'o2')).toBe('changed');
			go();
			expect(await releasing).toBe('released by o2');
			const claim = first(await db.data.q.select().from(db.data.t.claims).where(eq(db.data.t.claims.id, 'cl1')))!;
			const payee = first(await db.data.q.select().from(db.data.t.allowancePayees))!;
			expect([claim.status, claim.releasedByPersonId, payee.bankChangedByPersonId]).toEqual(['released', 'o2', 'o2']);
		});

		it('two approvals that both read the year below the limit both approve, in READ COMMITTED', async () => {
			await twoClaimsOverTheLimit(db.data);
			const meet = barrier(2);
			const outcomes = await Promise.all([
				outcome(() => approve(handles[0], 'cl1', { serializable: false, meet })),
				outcome(() => approve(handles[1], 'cl2', { serializable: false, meet }))
			]);
			expect(outcomes.sort()).toEqual(['approved cl1', 'approved cl2']);
		});
	});
});

// --- Seed ----------------------------------------------------------------------------------------

async function seed(data: Data) {
	const { people, conferences, plenarySessions, workingGroups, groupMeetings } = data.t;
	const ids = ['o1', 'o2', 'o3', 'o4', ...Array.from({ length: 16 }, (_, i) => `v${i}`), ...['m1', 'm2', 'm3', 'm4'].flatMap((m) => [m, `${m}d1`, `${m}d2`])];
	await data.q.insert(people).values(ids.map((id) => ({ id, displayName: id, createdAt: new Date(T) })));
	await data.q.insert(conferences).values({ id: 'c1', name: 'Gesundheitskonferenz', region: 'Kreis', createdAt: new Date(T) });
	await data.q.insert(plenarySessions).values({ id: 's1', conferenceId: 'c1', title: 'Plenum', startsAt: new Date(T), place: 'Rathaus', checkInCode: 'ABC123', createdAt: new Date(T) });
	await data.q.insert(workingGroups).values({ id: 'g1', conferenceId: 'c1', name: 'AG Pflege', createdAt: new Date(T) });
	await data.q.insert(groupMeetings).values(
		['gm1', 'gm2'].map((id) => ({ id, groupId: 'g1', title: id, startsAt: new Date(T), durationMinutes: 60, agenda: [], place: 'Rathaus', createdAt: new Date(T) }))
	);
}

function pollValues(id: string) {
	return {
		id,
		sessionId: 's1',
		agendaItemId: `item-${id}`,
		itemTitle: 'TOP 1',
		motion: 'Antrag',
		kind: 'vote',
		secrecy: 'secret',
		status: 'open',
		majority: 'simple',
		quorumPercent: 50,
		openedAt: new Date(T)
	} as const;
}

async function openPoll1(data: Data) {
	await data.q.insert(data.t.polls).values(pollValues('poll1'));
	await data.q.insert(data.t.pollTallies).values(['yes', 'no', 'abstain'].map((choice) => ({ pollId: 'poll1', choice: choice as 'yes' | 'no' | 'abstain', count: 0 })));
}

function claimValues(id: string, personId: string, number: number, status: 'draft' | 'submitted' | 'approved') {
	return {
		id,
		conferenceId: 'c1',
		personId,
		year: YEAR,
		number,
		sessionId: 's1' as string | null,
		meetingType: 'plenary' as const,
		meetingTitle: 'Plenum',
		meetingStartsAt: new Date(T),
		status,
		createdAt: new Date(T)
	};
}
