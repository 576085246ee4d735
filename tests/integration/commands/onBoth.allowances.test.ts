import { and, eq } from 'drizzle-orm';
import { defaultRules } from '../../../src/lib/domain/allowances/amounts';
import type { ConferenceRole, MemberStatus } from '../../../src/lib/domain/roles';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveClaim } from '../../../src/lib/server/commands/approveClaim';
import { rejectClaim } from '../../../src/lib/server/commands/rejectClaim';
import { releaseClaim } from '../../../src/lib/server/commands/releaseClaim';
import { reverseClaimLine } from '../../../src/lib/server/commands/reverseClaimLine';
import { createPayoutBatch } from '../../../src/lib/server/commands/createPayoutBatch';
import { savePayoutAccount } from '../../../src/lib/server/commands/savePayoutAccount';
import { updatePayee } from '../../../src/lib/server/commands/updatePayee';
import { eraseIbans } from '../../../src/lib/server/commands/eraseIbans';
import { eraseSocialBenefits } from '../../../src/lib/server/commands/eraseSocialBenefits';
import { recordSocialBenefits } from '../../../src/lib/server/commands/recordSocialBenefits';
import { saveAllowanceRules } from '../../../src/lib/server/commands/saveAllowanceRules';
import { draftClaimsForMeeting } from '../../../src/lib/server/commands/draftClaimsForMeeting';
import { submitClaim } from '../../../src/lib/server/commands/submitClaim';
import { withdrawClaimLine } from '../../../src/lib/server/commands/withdrawClaimLine';
import type { Data } from '../../../src/lib/server/db/client';
import type { Actor } from '../../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { refusalOf } from '../support/errors';

/**
 * The allowance commands on the data layer, on both databases: each does its job and refuses what
 * it refuses. On PostgreSQL, the rules that span rows (README, "Rules that span rows") with the
 * real commands run from two handles (two instances) at once: one claim per person and meeting,
 * claim numbers per conference and year without gaps (the conference row), and a claim's steps
 * (its row).
 */
const ORIGIN = 'https://ratschlag.example';
const at = new Date('2026-06-10T10:00:00Z');
const VOTERS = ['v0', 'v1', 'v2', 'v3'];

const person = (personId: string, role: ConferenceRole, memberStatus: MemberStatus | null = null): Actor => ({
	personId,
	isPlatformAdmin: false,
	hasAccount: true,
	conferences: new Map([['north', { roles: new Set([role]), memberStatus }]]),
	groups: new Map()
});
const office = person('o1', 'office');
const office2 = person('o2', 'office');
const voter = (personId: string) => person(personId, 'member', 'voting');

/** Conference north: two office members, four voting members present at sittings s1 and s2, all eligible. */
async function seed(data: Data): Promise<void> {
	const { q, t } = data;
	await q.insert(t.people).values([...VOTERS, 'o1', 'o2'].map((id) => ({ id, displayName: id })));
	await q.insert(t.conferences).values({ id: 'north', name: 'Nord', region: 'Kreis Nord' });
	await q
		.insert(t.conferenceMemberships)
		.values([
			...VOTERS.map((personId) => ({ conferenceId: 'north', personId, role: 'member' as const, memberStatus: 'voting' as const })),
			{ conferenceId: 'north', personId: 'o1', role: 'office' as const },
			{ conferenceId: 'north', personId: 'o2', role: 'office' as const }
		]);
	await q.insert(t.plenarySessions).values([
		{ id: 's1', conferenceId: 'north', title: 'Plenum', startsAt: at, place: 'Saal', checkInCode: 'ABCDEF' },
		{ id: 's2', conferenceId: 'north', title: 'Plenum 2', startsAt: at, place: 'Saal 2', checkInCode: 'GHIJKL' }
	]);
	await q
		.insert(t.attendance)
		.values(['s1', 's2'].flatMap((sessionId) => VOTERS.map((personId) => ({ sessionId, personId, checkedInAt: at, method: 'code' as const }))));
	await q.insert(t.allowancePayees).values(VOTERS.map((personId) => ({ conferenceId: 'north', personId, eligible: true, updatedAt: at })));
}

describe.each(DIALECTS)('the allowance commands on %s', (dialect) => {
	let db: TempData;
	let data: Data;
	beforeEach(async () => {
		db = await tempData(dialect);
		data = db.data;
		await seed(data);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	/** A second instance: on PostgreSQL its own pool; on SQLite the same connection (one writer at a time, behind its mutex). */
	const instance = async () => (dialect === 'postgres' ? db.another() : data);
	const draft = (sessionId: string, handle = data) =>
		draftClaimsForMeeting(handle, office, { conferenceId: 'north', meeting: { sessionId }, origin: ORIGIN, now: at });

	async function claimsOf(sessionId?: string) {
		const { claims } = data.t;
		const rows = await data.q
			.select()
			.from(claims)
			.where(sessionId ? eq(claims.sessionId, sessionId) : eq(claims.conferenceId, 'north'))
			.orderBy(claims.number);
		return rows;
	}
	const claimOf = async (personId: string, sessionId = 's1') => (await claimsOf(sessionId)).find((c) => c.personId === personId)!;
	async function linesOf(claimId: string) {
		const { claimLines } = data.t;
		return data.q.select().from(claimLines).where(eq(claimLines.claimId, claimId)).orderBy(claimLines.kind);
	}

	// --- draftClaimsForMeeting --------------------------------------------------------------------

	it('drafts a claim with the flat line for everyone eligible who attended, once, numbered per conference and year', async () => {
		const first = await draft('s1');
		expect(first.drafted).toHaveLength(4);
		const claims = await claimsOf('s1');
		expect(claims.map((c) => [c.personId, c.number, c.year, c.status, c.meetingType])).toEqual(
			VOTERS.map((personId, i) => [personId, i + 1, 2026, 'draft', 'plenary'])
		);
		expect((await linesOf(claims[0].id)).map((l) => [l.kind, l.status])).toEqual([['flat', 'open']]);
		const { jobs } = data.t;
		expect(await data.q.select().from(jobs).where(eq(jobs.kind, 'mail.claimStep'))).toHaveLength(4);
		expect(await draft('s1')).toEqual({ drafted: [], existing: 4 });
		expect(await refusalOf(draft('nosuchsession'))).toBe('not_found');
		await expect(draftClaimsForMeeting(data, voter('v0'), { conferenceId: 'north', meeting: { sessionId: 's1' }, origin: ORIGIN })).rejects.toMatchObject({
			status: 403
		});
	});

	// --- submitClaim, withdrawClaimLine ---------------------------------------------------------------

	it('submits a draft with the declaration, once; withdraws an added line of a draft, never the flat one', async () => {
		await draft('s1');
		const claim = await claimOf('v0');
		const { claimLines } = data.t;
		const [ticket] = await data.q
			.insert(claimLines)
			.values({ claimId: claim.id, kind: 'ticket', amountCents: 380, createdAt: at, createdByPersonId: 'v0' })
			.returning({ id: claimLines.id });
		const flat = (await linesOf(claim.id)).find((l) => l.kind === 'flat')!;
		expect(await refusalOf(withdrawClaimLine(data, voter('v0'), { conferenceId: 'north', claimId: claim.id, lineId: flat.id }))).toBe(
			'claim_line_not_withdrawable'
		);
		await withdrawClaimLine(data, voter('v0'), { conferenceId: 'north', claimId: claim.id, lineId: ticket.id, now: at });
		expect(first(await data.q.select().from(claimLines).where(eq(claimLines.id, ticket.id)))).toMatchObject({ status: 'withdrawn', amountCents: 380 });

		expect(await refusalOf(submitClaim(data, voter('v0'), { conferenceId: 'north', claimId: claim.id, declaration: false, origin: ORIGIN }))).toBe(
			'claim_declaration_required'
		);
		await submitClaim(data, voter('v0'), { conferenceId: 'north', claimId: claim.id, declaration: true, origin: ORIGIN, now: at });
		expect(await claimOf('v0')).toMatchObject({ status: 'submitted', declaredByPersonId: 'v0', submittedAt: at });
		expect(await refusalOf(submitClaim(data, voter('v0'), { conferenceId: 'north', claimId: claim.id, declaration: true, origin: ORIGIN }))).toBe(
			'claim_not_draft'
		);
		const { auditLog } = data.t;
		const audit = first(
			await data.q
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'claim.submit'), eq(auditLog.subjectId, claim.id)))
		);
		expect(audit?.after).toMatchObject({ status: 'submitted', onBehalf: false });
	});

	/** v's claim for the sitting, drafted and submitted; its lines (the flat one, 40 € at the defaults). */
	async function submitted(personId: string, sessionId = 's1') {
		await draft(sessionId);
		const claim = await claimOf(personId, sessionId);
		await submitClaim(data, voter(personId), { conferenceId: 'north', claimId: claim.id, declaration: true, origin: ORIGIN, now: at });
		return { claimId: claim.id, lines: await linesOf(claim.id) };
	}
	const approveAll = (claimId: string, lines: { id: string }[], by = office, handle = data, confirmOverLimit = false) =>
		approveClaim(handle, by, {
			conferenceId: 'north',
			claimId,
			decisions: lines.map((l) => ({ lineId: l.id, approve: true })),
			confirmOverLimit,
			origin: ORIGIN,
			now: at
		});

	// --- approveClaim, releaseClaim, rejectClaim, reverseClaimLine ------------------------------------------

	it('approves, releases with four eyes, reverses a line once; rejects another claim with its reason', async () => {
		const { claimId, lines } = await submitted('v0');
		const approved = await approveAll(claimId, lines);
		expect(approved).toMatchObject({ status: 'approved', overLimitConfirmed: false });
		expect(await refusalOf(releaseClaim(data, office, { conferenceId: 'north', claimId, origin: ORIGIN }))).toBe('claim_same_approver');
		expect(await releaseClaim(data, office2, { conferenceId: 'north', claimId, origin: ORIGIN, now: at })).toEqual({
			status: 'released',
			approvedCents: approved.approvedCents
		});
		expect(await claimOf('v0')).toMatchObject({ status: 'released', approvedByPersonId: 'o1', releasedByPersonId: 'o2' });

		const reverse = () =>
			reverseClaimLine(data, office, { conferenceId: 'north', claimId, lineId: lines[0].id, reason: 'Die Sitzung fiel aus.', origin: ORIGIN, now: at });
		const { lineId } = await reverse();
		expect((await linesOf(claimId)).find((l) => l.id === lineId)).toMatchObject({
			kind: 'reversal',
			amountCents: -lines[0].amountCents,
			reversesLineId: lines[0].id
		});
		expect(await refusalOf(reverse())).toBe('claim_line_already_reversed');

		const other = await submitted('v1');
		expect(await refusalOf(rejectClaim(data, office, { conferenceId: 'north', claimId: other.claimId, reason: ' ', origin: ORIGIN }))).toBe(
			'claim_reason_required'
		);
		expect(await rejectClaim(data, office, { conferenceId: 'north', claimId: other.claimId, reason: 'Doppelt.', origin: ORIGIN, now: at })).toEqual({
			status: 'rejected'
		});
		expect(await claimOf('v1')).toMatchObject({ status: 'rejected', reason: 'Doppelt.' });
		expect(await refusalOf(approveAll(other.claimId, other.lines))).toBe('claim_wrong_status');
		const { jobs } = data.t;
		expect((await data.q.select().from(jobs).where(eq(jobs.kind, 'mail.claimStep'))).map((j) => JSON.parse(String(j.payload)).step).sort()).toEqual(
			[...Array(4).fill('drafted'), 'approved', 'rejected', 'released', 'reversed'].sort()
		);
	});

	// --- createPayoutBatch ---------------------------------------------------------------------------

	const IBAN = 'DE89370400440532013000';
	/** Released claims of the given people for s1, each payee with an account, and the conference's payout account. */
	async function released(personIds: string[]): Promise<string[]> {
		const { allowancePayees, payoutAccounts } = data.t;
		await data.q.insert(payoutAccounts).values({ conferenceId: 'north', debtorName: 'Landkreis Nord', debtorIban: IBAN, debtorBic: null, updatedAt: at });
		const ids: string[] = [];
		for (const personId of personIds) {
			await data.q.update(allowancePayees).set({ accountHolder: personId, iban: IBAN }).where(eq(allowancePayees.personId, personId));
			const { claimId, lines } = await submitted(personId);
			await approveAll(claimId, lines);
			await releaseClaim(data, office2, { conferenceId: 'north', claimId, origin: ORIGIN, now: at });
			ids.push(claimId);
		}
		return ids;
	}
	const pay = (claimIds: string[], handle = data) =>
		createPayoutBatch(handle, office, { conferenceId: 'north', claimIds, executionDate: '2026-06-12', origin: ORIGIN, now: at });

	it('pays released claims in one numbered batch, marks them paid, and refuses to pay them again, naming them', async () => {
		const ids = await released(['v0', 'v1']);
		const batch = await pay(ids);
		expect(batch).toMatchObject({ number: 1, transferCount: 2, totalCents: 5000 });
		expect((await claimsOf('s1')).filter((c) => ids.includes(c.id)).map((c) => [c.status, c.batchId])).toEqual([
			['paid', batch.batchId],
			['paid', batch.batchId]
		]);
		expect(await refusalOf(pay(ids))).toBe('payout_claim_not_released');
		expect(await refusalOf(pay([]))).toBe('payout_no_claims');
	});

	// --- updatePayee, savePayoutAccount ---------------------------------------------------------------

	const OTHER_IBAN = 'DE44500105175407324931';
	const payeeInput = (personId: string, iban: string, over: Partial<Parameters<typeof updatePayee>[2]> = {}) => ({
		conferenceId: 'north',
		personId,
		eligible: true,
		accountHolder: personId,
		iban,
		origin: ORIGIN,
		now: at,
		...over
	});

	it('saves a payee, drafting the claims of the meetings attended, and takes back a release when the account changes', async () => {
		const saved = await updatePayee(data, office, payeeInput('v0', 'DE89 3704 0044 0532 0130 00'));
		// v0 attended s1 and s2 in 2026.
		expect(saved.claimsDrafted).toHaveLength(2);
		expect((await claimsOf()).map((c) => [c.personId, c.number])).toEqual([
			['v0', 1],
			['v0', 2]
		]);
		const claim = await claimOf('v0');
		const lines = await linesOf(claim.id);
		await submitClaim(data, voter('v0'), { conferenceId: 'north', claimId: claim.id, declaration: true, origin: ORIGIN, now: at });
		await approveAll(claim.id, lines);
		await releaseClaim(data, office2, { conferenceId: 'north', claimId: claim.id, origin: ORIGIN, now: at });
		const changed = await updatePayee(data, office, payeeInput('v0', OTHER_IBAN));
		expect(changed).toEqual({ claimsDrafted: [], releasesWithdrawn: [claim.id] });
		expect((await claimOf('v0')).status).toBe('approved');
		expect(await refusalOf(updatePayee(data, office, payeeInput('v0', 'DE89 3704 0044 0532 0130 01')))).toBe('iban_checksum');

		expect(await savePayoutAccount(data, office, { conferenceId: 'north', debtorName: 'Landkreis Nord', debtorIban: 'de89 3704 0044 0532 0130 00' })).toEqual({
			debtorName: 'Landkreis Nord',
			debtorIban: 'DE89370400440532013000',
			debtorBic: null
		});
		expect(await refusalOf(savePayoutAccount(data, office, { conferenceId: 'north', debtorName: 'x'.repeat(71), debtorIban: OTHER_IBAN }))).toBe(
			'account_holder_too_long'
		);
		const { payoutAccounts } = data.t;
		expect(first(await data.q.select().from(payoutAccounts).where(eq(payoutAccounts.conferenceId, 'north')))?.debtorIban).toBe('DE89370400440532013000');
	});

	// --- saveAllowanceRules, eraseIbans, recordSocialBenefits, eraseSocialBenefits ------------------------

	it('saves the rules of a year (the next drafts take them), erases the IBANs not needed, records and erases the benefits flag', async () => {
		const rules = { ...defaultRules(2026), flatPlenaryCents: 3000 };
		expect(await saveAllowanceRules(data, office, { conferenceId: 'north', rules, now: at })).toEqual(rules);
		expect(await refusalOf(saveAllowanceRules(data, office, { conferenceId: 'north', rules: { ...rules, kmRateCents: 2000 } }))).toBe(
			'allowance_amount_invalid'
		);
		await draft('s1');
		expect((await linesOf((await claimOf('v0')).id))[0].amountCents).toBe(3000);

		await updatePayee(data, office, payeeInput('v0', IBAN));
		await updatePayee(data, office, payeeInput('v1', IBAN));
		const waiting = await claimOf('v1');
		await submitClaim(data, voter('v1'), { conferenceId: 'north', claimId: waiting.id, declaration: true, origin: ORIGIN, now: at });
		// v0's claim is a draft (no transfer waits for it); v1's is submitted.
		expect(await eraseIbans(data, office, { conferenceId: 'north', now: at })).toEqual({ erased: 1 });
		const { allowancePayees, socialBenefitFlags } = data.t;
		const ibans = await data.q
			.select({ personId: allowancePayees.personId, iban: allowancePayees.iban })
			.from(allowancePayees)
			.orderBy(allowancePayees.personId);
		expect(ibans.filter((p) => p.iban !== null).map((p) => p.personId)).toEqual(['v1']);

		const flag = { conferenceId: 'north', personId: 'v2', receivesBenefits: true, consent: true, now: at };
		expect(await refusalOf(recordSocialBenefits(data, office, { ...flag, consent: false }))).toBe('consent_required');
		await recordSocialBenefits(data, office, flag);
		await recordSocialBenefits(data, office, { ...flag, receivesBenefits: false });
		expect(await data.q.select().from(socialBenefitFlags)).toMatchObject([{ personId: 'v2', receivesBenefits: false, consentRecordedByPersonId: 'o1' }]);
		expect(await eraseSocialBenefits(data, office, { conferenceId: 'north', personId: 'v2' })).toEqual({ erased: true });
		expect(await eraseSocialBenefits(data, office, { conferenceId: 'north', personId: 'v2' })).toEqual({ erased: false });
		expect(await refusalOf(eraseSocialBenefits(data, office, { conferenceId: 'north', personId: 'nobody' }))).toBe('person_not_in_conference');
	});

	// --- Rules that span rows, from two instances at once ----------------------------------------------

	it('two instances drafting the same sitting and another at once: one claim per person and meeting, numbers without gaps', async () => {
		const other = await instance();
		const outcomes = await Promise.all([draft('s1'), draft('s1', other), draft('s2', other)]);
		expect(outcomes[0].drafted.length + outcomes[1].drafted.length).toBe(4);
		expect(outcomes[0].existing + outcomes[1].existing).toBe(4);
		expect(outcomes[2].drafted).toHaveLength(4);
		expect((await claimsOf()).map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(await claimsOf('s1')).toHaveLength(4);
	});

	it('two instances submitting one claim at once: it is submitted once, the other is refused as not a draft', async () => {
		await draft('s1');
		const claim = await claimOf('v1');
		const other = await instance();
		const submit = (handle: Data) =>
			refusalOf(submitClaim(handle, voter('v1'), { conferenceId: 'north', claimId: claim.id, declaration: true, origin: ORIGIN }));
		const outcomes = await Promise.all([submit(data), submit(other)]);
		expect(outcomes.sort()).toEqual(['claim_not_draft', undefined]);
		const { auditLog } = data.t;
		expect(
			await data.q
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'claim.submit'), eq(auditLog.subjectId, claim.id)))
		).toHaveLength(1);
	});

	it('two instances approving and rejecting one claim at once: one step wins, the other reads it (claim_wrong_status)', async () => {
		const { claimId, lines } = await submitted('v0');
		const other = await instance();
		const outcomes = await Promise.all([
			refusalOf(approveAll(claimId, lines, office)),
			refusalOf(rejectClaim(other, office2, { conferenceId: 'north', claimId, reason: 'Doppelt.', origin: ORIGIN }))
		]);
		expect(outcomes.filter((o) => o === undefined)).toHaveLength(1);
		expect(outcomes.filter((o) => o === 'claim_wrong_status')).toHaveLength(1);
		const claim = await claimOf('v0');
		expect(claim.status).toBe(outcomes[0] === undefined ? 'approved' : 'rejected');
		const { auditLog } = data.t;
		const steps = await data.q.select().from(auditLog).where(eq(auditLog.subjectId, claimId));
		expect(steps.filter((a) => a.action === 'claim.approve' || a.action === 'claim.reject')).toHaveLength(1);
	});

	it('two instances releasing one claim and reversing one line at once: released once, reversed once', async () => {
		const { claimId, lines } = await submitted('v0');
		await approveAll(claimId, lines);
		const [one, two] = [data, await instance()];
		const release = (handle: Data) => refusalOf(releaseClaim(handle, office2, { conferenceId: 'north', claimId, origin: ORIGIN }));
		expect((await Promise.all([release(one), release(two)])).sort()).toEqual(['claim_wrong_status', undefined]);
		const reverse = (handle: Data) =>
			refusalOf(reverseClaimLine(handle, office, { conferenceId: 'north', claimId, lineId: lines[0].id, reason: 'Doppelt.', origin: ORIGIN }));
		expect((await Promise.all([reverse(one), reverse(two)])).sort()).toEqual(['claim_line_already_reversed', undefined]);
		expect((await linesOf(claimId)).filter((l) => l.kind === 'reversal')).toHaveLength(1);
	});

	it('two instances approving two claims of one person at once: the yearly limit is not passed unseen (SERIALIZABLE)', async () => {
		// A yearly limit of 60 €: v0 has one sitting's 25 € approved; two more at once would make 75 €.
		await data.q.insert(data.t.allowanceRules).values({ ...defaultRules(2026), conferenceId: 'north', yearlyLimitCents: 6000, updatedAt: at });
		await data.q
			.insert(data.t.plenarySessions)
			.values({ id: 's3', conferenceId: 'north', title: 'Plenum 3', startsAt: at, place: 'Saal 3', checkInCode: 'MNOPQR' });
		await data.q.insert(data.t.attendance).values({ sessionId: 's3', personId: 'v0', checkedInAt: at, method: 'code' as const });
		const first_ = await submitted('v0', 's1');
		await approveAll(first_.claimId, first_.lines);
		const a = await submitted('v0', 's2');
		const b = await submitted('v0', 's3');
		const other = await instance();
		const outcomes = await Promise.all([refusalOf(approveAll(a.claimId, a.lines, office)), refusalOf(approveAll(b.claimId, b.lines, office2, other))]);
		expect(outcomes.sort()).toEqual(['over_yearly_limit', undefined]);
		const approved = (await claimsOf()).filter((c) => c.personId === 'v0' && c.status === 'approved');
		expect(approved).toHaveLength(2);
	});

	it('two instances paying overlapping claims at once: each claim in one batch, batch numbers without gaps, the loser refused by name', async () => {
		const [a, b, c, d] = await released(['v0', 'v1', 'v2', 'v3']);
		const other = await instance();
		const outcomes = await Promise.all([refusalOf(pay([a, b])), refusalOf(pay([b, c], other)), refusalOf(pay([d]))]);
		expect(outcomes.filter((o) => o === 'payout_claim_not_released')).toHaveLength(1);
		const { payoutBatches } = data.t;
		const batches = await data.q.select().from(payoutBatches).orderBy(payoutBatches.number);
		expect(batches.map((batch) => batch.number)).toEqual([1, 2]);
		const paid = (await claimsOf('s1')).filter((claim) => claim.status === 'paid');
		expect(paid.map((claim) => claim.id).sort()).toEqual((outcomes[0] === undefined ? [a, b, d] : [b, c, d]).sort());
		expect(new Set(paid.map((claim) => claim.batchId)).size).toBe(2);
	});

	it('two instances at once, a release and a change of the account by the releaser: never released on an account its releaser changed', async () => {
		await updatePayee(data, office, payeeInput('v0', 'DE89370400440532013000'));
		const claim = await claimOf('v0');
		await submitClaim(data, voter('v0'), { conferenceId: 'north', claimId: claim.id, declaration: true, origin: ORIGIN, now: at });
		await approveAll(claim.id, await linesOf(claim.id));
		const other = await instance();
		const [release, change] = await Promise.all([
			refusalOf(releaseClaim(data, office2, { conferenceId: 'north', claimId: claim.id, origin: ORIGIN })),
			updatePayee(other, office2, payeeInput('v0', OTHER_IBAN, { now: new Date() }))
		]);
		const status = (await claimOf('v0')).status;
		if (release === undefined) {
			// The release came first: the change waited for it, then took it back.
			expect(change.releasesWithdrawn).toEqual([claim.id]);
			expect(status).toBe('approved');
		} else {
			// The change came first: the release read who changed the account.
			expect(release).toBe('claim_bank_changed_by_releaser');
			expect(change.releasesWithdrawn).toEqual([]);
			expect(status).toBe('approved');
		}
	});
});

const first = <Row>(rows: readonly Row[]): Row | undefined => rows[0];
