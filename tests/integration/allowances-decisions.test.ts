import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { approveClaim } from '../../src/lib/server/commands/approveClaim';
import { rejectClaim } from '../../src/lib/server/commands/rejectClaim';
import { releaseClaim } from '../../src/lib/server/commands/releaseClaim';
import { reverseClaimLine } from '../../src/lib/server/commands/reverseClaimLine';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { CommandError } from '../../src/lib/server/commands/support/errors';
import { draftClaimOn } from '../../src/lib/server/allowances/draftClaim';
import { yearTotalsOn } from '../../src/lib/server/allowances/totals';
import { yearlyLimitCheckOn } from '../../src/lib/server/allowances/yearlyLimits';
import { first, type Data, type Tables } from '../../src/lib/server/db/client';
import { transactOn } from '../../src/lib/server/effects';
import { claimStepMailMessageId, mailClaimStep } from '../../src/lib/server/jobs/kinds/mailClaimStep';
import { loadActorOn, NotAllowed } from '../../src/lib/server/policies';
import { claimFilterOptions, listClaims, yearFigures } from '../../src/lib/server/queries/claimsOverview';
import { claimDetail } from '../../src/lib/server/queries/claimDetail';
import { load as overviewLoad } from '../../src/routes/(app)/conferences/[conferenceId]/allowances/+page.server';
import { actions as claimActions, load as claimLoad } from '../../src/routes/(app)/conferences/[conferenceId]/allowances/[claimId]/+page.server';
import { load as printLoad } from '../../src/routes/(app)/conferences/[conferenceId]/allowances/[claimId]/print/+page.server';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, pagesData, type Fixture } from './support/fixtureOn';
import { startSmtpCapture } from './support/smtpCapture';

// The pages read through getData(), the process's one database; here, the suite's (see pagesData).
vi.mock('../../src/lib/server/db/data', async (original) => ({
	...(await original<typeof import('../../src/lib/server/db/data')>()),
	getData: () => pagesData()
}));

/**
 * The office's decisions on allowance claims, on a real database (SQLite and PostgreSQL): line by
 * line, four eyes, yearly limits confirmed and recorded, counter-entries instead of changes, every
 * step audited and told to the person by a mail job; and the office's overview of the year.
 * Two instances deciding at once are in commands/onBoth.allowances and data/invariants.
 */
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const smtpBefore = process.env.SMTP_URL;
const ORIGIN = 'https://ratschlag.example';
const YEAR = 2026;

beforeAll(async () => {
	smtp = await startSmtpCapture();
	process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
	process.env.SMTP_URL = smtpBefore;
	await smtp.close();
});

type Who = Exclude<ActorName, 'anonymous'> | 'secondOffice';

describe.each(DIALECTS)('allowance decisions on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	let secondOfficeId: string;
	let conferenceId: string;
	const idOf = (who: Who) => (who === 'secondOffice' ? secondOfficeId : fixture.ids[who]);
	const actor = (who: Who) => loadActorOn(data, idOf(who));

	beforeAll(async () => {
		({ data, fixture } = on);
		const { q, t } = data;
		conferenceId = fixture.conferenceA.id;
		secondOfficeId = first(await q.insert(t.people).values({ displayName: 'Zweite Geschäftsstelle' }).returning())!.id;
		await q.insert(t.conferenceMemberships).values({ conferenceId, personId: secondOfficeId, role: 'office' });
		await q.update(t.people).set({ email: 'voting@test.example', preferredLocale: 'de' }).where(eq(t.people.id, fixture.ids.votingMember));
		await q.update(t.people).set({ email: 'minutes@test.example', preferredLocale: 'de' }).where(eq(t.people.id, fixture.ids.minuteTaker));
		await q
			.update(t.people)
			.set({ email: 'advisory@test.example', preferredLocale: 'de', prefersEasyLanguage: true })
			.where(eq(t.people.id, fixture.ids.advisoryMember));
		// Small figures, so a few claims reach the limit: 40 € a sitting, 100 € a year.
		await q.insert(t.allowanceRules).values({
			conferenceId,
			year: YEAR,
			flatPlenaryCents: 4000,
			flatWorkingGroupCents: 3000,
			flatSteeringGroupCents: 3000,
			flatOtherCents: 2000,
			kmRateCents: 20,
			kmRateOfficialCents: 30,
			kmRateBicycleCents: 10,
			tripCapCents: 13000,
			yearlyLimitCents: 10000,
			benefitsLimitCents: 300000,
			budgetCents: 500000,
			updatedAt: new Date()
		});
	});

	let sittings = 0;
	/** A sitting in 2026 and the person's claim for it, submitted, with extra lines if given. */
	async function submittedClaim(who: Who, extra: { kind: 'ticket' | 'companion' | 'receipt'; amountCents: number; description?: string }[] = []) {
		const { q, t } = data;
		sittings++;
		const session = await createPlenarySession(data, await actor('office'), {
			conferenceId,
			title: `Plenum ${sittings}`,
			startsAt: new Date(Date.UTC(YEAR, 2, sittings % 28 || 1, 16)),
			place: 'Rathaus',
			videoUrl: null
		});
		const now = new Date();
		const { claimId } = (await transactOn(data, async (tx) =>
			draftClaimOn(data, tx, { personId: idOf(who), meeting: { sessionId: session.id }, now, actorPersonId: null })
		))!;
		for (const line of extra)
			await q.insert(t.claimLines).values({ claimId, kind: line.kind, amountCents: line.amountCents, description: line.description ?? null });
		// B's submitClaim is not on this branch: the step is written as it would leave it.
		await q
			.update(t.claims)
			.set({ status: 'submitted', submittedAt: now, declaredAt: now, declaredByPersonId: idOf(who) })
			.where(eq(t.claims.id, claimId));
		return {
			claimId,
			sessionId: session.id,
			lines: await q.select().from(t.claimLines).where(eq(t.claimLines.claimId, claimId)).orderBy(t.claimLines.createdAt, t.claimLines.id)
		};
	}

	const claimOf = async (claimId: string) => first(await data.q.select().from(data.t.claims).where(eq(data.t.claims.id, claimId)))!;
	const linesOf = (claimId: string) => data.q.select().from(data.t.claimLines).where(eq(data.t.claimLines.claimId, claimId));
	const approveAll = async (claimId: string) => (await linesOf(claimId)).map((l) => ({ lineId: l.id, approve: true }));
	const mailJobs = async (claimId: string) =>
		(await data.q.select().from(data.t.jobs).where(eq(data.t.jobs.kind, 'mail.claimStep'))).filter((j) => JSON.parse(j.payload).claimId === claimId);
	const auditOf = (claimId: string) => {
		const { auditLog } = data.t;
		return data.q
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.subjectType, 'claim'), eq(auditLog.subjectId, claimId)))
			.orderBy(auditLog.seq);
	};
	/** The same for a load that reads through the data layer: its refusal comes as a rejection. */
	const refusedAsync = async (fn: () => unknown) => {
		try {
			await fn();
		} catch (e) {
			return e;
		}
		throw new Error('not refused');
	};
	const base = (claimId: string) => ({ conferenceId, claimId, origin: ORIGIN });

	describe('four eyes', () => {
		it('one office member approves, the same one cannot release, a second one releases', async () => {
			const { claimId } = await submittedClaim('votingMember');
			const approved = await approveClaim(data, await actor('office'), { ...base(claimId), decisions: await approveAll(claimId) });
			expect(approved).toMatchObject({ status: 'approved', approvedCents: 4000, overLimitConfirmed: false });
			expect(await claimOf(claimId)).toMatchObject({ status: 'approved', approvedByPersonId: fixture.ids.office });

			expect(await refusedAsync(async () => releaseClaim(data, await actor('office'), base(claimId)))).toMatchObject({ code: 'claim_same_approver' });
			expect((await claimOf(claimId)).status).toBe('approved');

			await releaseClaim(data, await actor('secondOffice'), base(claimId));
			expect(await claimOf(claimId)).toMatchObject({ status: 'released', releasedByPersonId: secondOfficeId, approvedByPersonId: fixture.ids.office });
			expect((await auditOf(claimId)).map((a) => a.action)).toEqual(['claim.approve', 'claim.release']);
			expect((await mailJobs(claimId)).map((j) => JSON.parse(j.payload).step)).toEqual(['approved', 'released']);
		});

		it('nobody approves their own claim, and a member decides nothing', async () => {
			const own = await submittedClaim('office');
			expect(
				await refusedAsync(async () => approveClaim(data, await actor('office'), { ...base(own.claimId), decisions: await approveAll(own.claimId) }))
			).toMatchObject({
				code: 'claim_own'
			});
			const other = await submittedClaim('votingMember');
			// A member is told it is their own claim; on anyone else's they are simply not allowed.
			expect(
				await refusedAsync(async () => approveClaim(data, await actor('votingMember'), { ...base(other.claimId), decisions: await approveAll(other.claimId) }))
			).toMatchObject({
				code: 'claim_own'
			});
			expect(
				await refusedAsync(async () =>
					approveClaim(data, await actor('advisoryMember'), { ...base(other.claimId), decisions: await approveAll(other.claimId) })
				)
			).toBeInstanceOf(NotAllowed);
			// The office of another conference does not even find it.
			expect(
				await refusedAsync(async () => approveClaim(data, await actor('otherOffice'), { ...base(other.claimId), decisions: await approveAll(other.claimId) }))
			).toBeInstanceOf(NotAllowed);
			// The second office member may decide the first one's claim.
			expect((await approveClaim(data, await actor('secondOffice'), { ...base(own.claimId), decisions: await approveAll(own.claimId) })).status).toBe(
				'approved'
			);
			expect(await refusedAsync(async () => releaseClaim(data, await actor('office'), base(own.claimId)))).toMatchObject({ code: 'claim_own' });
			expect((await claimOf(own.claimId)).status).toBe('approved');
		});
	});

	describe('deciding line by line', () => {
		it('approves some lines and rejects others with a reason the person reads', async () => {
			const { claimId, lines } = await submittedClaim('votingMember', [{ kind: 'ticket', amountCents: 1290, description: 'Bus' }]);
			const [flat, ticket] = lines;
			const noReason = (await refusedAsync(async () =>
				approveClaim(data, await actor('office'), {
					...base(claimId),
					decisions: [
						{ lineId: flat.id, approve: true },
						{ lineId: ticket.id, approve: false, reason: '   ' }
					]
				})
			)) as CommandError;
			expect(noReason).toMatchObject({ code: 'claim_reason_required', field: `reason_${ticket.id}` });
			const missing = (await refusedAsync(async () =>
				approveClaim(data, await actor('office'), { ...base(claimId), decisions: [{ lineId: flat.id, approve: true }] })
			)) as CommandError;
			expect(missing).toMatchObject({ code: 'claim_decision_missing', field: `decision_${ticket.id}` });
			expect((await claimOf(claimId)).status).toBe('submitted');

			const result = await approveClaim(data, await actor('office'), {
				...base(claimId),
				decisions: [
					{ lineId: flat.id, approve: true },
					{ lineId: ticket.id, approve: false, reason: 'Die Fahrkarte ist vom Vortag.' }
				]
			});
			expect(result).toMatchObject({ status: 'approved', approvedCents: 4000 });
			const after = await linesOf(claimId);
			expect(after.find((l) => l.id === flat.id)).toMatchObject({ status: 'approved', reason: null, decidedByPersonId: fixture.ids.office });
			expect(after.find((l) => l.id === ticket.id)).toMatchObject({ status: 'rejected', reason: 'Die Fahrkarte ist vom Vortag.' });
			expect((await auditOf(claimId)).at(-1)!.after).toMatchObject({
				approvedCents: 4000,
				lines: [
					{ lineId: flat.id, approved: true },
					{ lineId: ticket.id, approved: false }
				]
			});
		});

		it('a claim whose every line is rejected is rejected', async () => {
			const { claimId, lines } = await submittedClaim('votingMember');
			const result = await approveClaim(data, await actor('office'), {
				...base(claimId),
				decisions: [{ lineId: lines[0].id, approve: false, reason: 'Sie waren an dem Tag nicht da.' }]
			});
			expect(result.status).toBe('rejected');
			expect(await claimOf(claimId)).toMatchObject({ status: 'rejected', approvedByPersonId: null });
			expect((await mailJobs(claimId)).map((j) => JSON.parse(j.payload).step)).toEqual(['rejected']);
		});

		it('rejects a whole claim only with a reason, and open lines with it', async () => {
			const { claimId } = await submittedClaim('votingMember', [{ kind: 'receipt', amountCents: 500 }]);
			expect(await refusedAsync(async () => rejectClaim(data, await actor('office'), { ...base(claimId), reason: ' ' }))).toMatchObject({
				code: 'claim_reason_required',
				field: 'reason'
			});
			await rejectClaim(data, await actor('office'), { ...base(claimId), reason: 'Der Antrag ist doppelt.' });
			expect(await claimOf(claimId)).toMatchObject({ status: 'rejected', reason: 'Der Antrag ist doppelt.' });
			expect((await linesOf(claimId)).every((l) => l.status === 'rejected')).toBe(true);
			expect((await auditOf(claimId)).at(-1)).toMatchObject({ action: 'claim.reject', after: { reason: 'Der Antrag ist doppelt.' } });
		});

		it('refuses steps that do not exist: deciding twice, releasing undecided, rejecting approved', async () => {
			const { claimId } = await submittedClaim('groupCoordinator');
			// Refused in words the office reads ("Das geht im jetzigen Stand des Antrags nicht."), not as a bare 403.
			expect(await refusedAsync(async () => releaseClaim(data, await actor('secondOffice'), base(claimId)))).toMatchObject({ code: 'claim_wrong_status' });
			await approveClaim(data, await actor('office'), { ...base(claimId), decisions: await approveAll(claimId) });
			expect(
				await refusedAsync(async () => approveClaim(data, await actor('secondOffice'), { ...base(claimId), decisions: await approveAll(claimId) }))
			).toMatchObject({
				code: 'claim_wrong_status'
			});
			expect(await refusedAsync(async () => rejectClaim(data, await actor('secondOffice'), { ...base(claimId), reason: 'Zu spät' }))).toMatchObject({
				code: 'claim_wrong_status'
			});
			expect((await claimOf(claimId)).status).toBe('approved');
		});
	});

	describe('the yearly limits', () => {
		it('refuses an approval past the limit until the office confirms it, and records that it did', async () => {
			// advisoryMember: 40 € + 40 € approved; a third 40 € passes the 100 €.
			for (let i = 0; i < 2; i++) {
				const { claimId } = await submittedClaim('advisoryMember');
				await approveClaim(data, await actor('office'), { ...base(claimId), decisions: await approveAll(claimId) });
			}
			const { claimId } = await submittedClaim('advisoryMember');
			expect((await claimDetail(data, conferenceId, claimId))!.limits).toMatchObject({
				level: 'over',
				standings: [{ kind: 'yearly', totalCents: 8000, withClaimCents: 12000 }]
			});
			const refused = await refusedAsync(async () => approveClaim(data, await actor('office'), { ...base(claimId), decisions: await approveAll(claimId) }));
			expect(refused).toMatchObject({ code: 'over_yearly_limit', field: 'confirmOverLimit' });
			expect((await claimOf(claimId)).status).toBe('submitted');

			const now = new Date('2026-04-01T10:00:00Z');
			const result = await approveClaim(data, await actor('office'), { ...base(claimId), decisions: await approveAll(claimId), confirmOverLimit: true, now });
			expect(result.overLimitConfirmed).toBe(true);
			expect(await claimOf(claimId)).toMatchObject({ status: 'approved', overLimitConfirmedAt: now });
			expect((await auditOf(claimId)).at(-1)!.after).toMatchObject({ overLimitConfirmed: true, yearlyLimitCents: 10000, withClaimCents: 12000 });
			expect((await yearTotalsOn(data, conferenceId, idOf('advisoryMember'), YEAR)).totalCents).toBe(12000);
		});

		it('measures people on social benefits against the benefits limit too, without telling what was recorded', async () => {
			const person = { conferenceId, personId: idOf('deputy'), year: YEAR };
			expect(await yearlyLimitCheckOn(data, person, 9000)).toMatchObject({ level: 'near', standings: [{ kind: 'yearly' }] });
			await data.q.insert(data.t.socialBenefitFlags).values({ conferenceId, personId: idOf('deputy'), receivesBenefits: true, consentRecordedAt: new Date() });
			const check = await yearlyLimitCheckOn(data, person, 9000);
			expect(check.standings.map((s) => [s.kind, s.level])).toEqual([
				['yearly', 'near'],
				['benefits', 'fine']
			]);
		});
	});

	describe('counter-entries', () => {
		it('takes back an approved line with a negative line and a reason, once, also on a paid claim it does not touch', async () => {
			const { claimId, lines } = await submittedClaim('guest', [{ kind: 'ticket', amountCents: 1500 }]);
			await approveClaim(data, await actor('office'), {
				...base(claimId),
				decisions: [
					{ lineId: lines[0].id, approve: true },
					{ lineId: lines[1].id, approve: false, reason: 'Kein Beleg.' }
				]
			});
			await releaseClaim(data, await actor('secondOffice'), base(claimId));
			const paidAt = new Date('2026-05-01T08:00:00Z');
			// D's payout batch is not on this branch: paying is written as it would leave the claim.
			await data.q.update(data.t.claims).set({ status: 'paid', paidAt }).where(eq(data.t.claims.id, claimId));
			const before = await claimOf(claimId);
			expect((await yearTotalsOn(data, conferenceId, idOf('guest'), YEAR)).totalCents).toBe(4000);

			expect(
				await refusedAsync(async () => reverseClaimLine(data, await actor('office'), { ...base(claimId), lineId: lines[0].id, reason: '' }))
			).toMatchObject({
				code: 'claim_reason_required'
			});
			expect(
				await refusedAsync(async () => reverseClaimLine(data, await actor('office'), { ...base(claimId), lineId: lines[1].id, reason: 'x' }))
			).toMatchObject({
				code: 'claim_line_not_reversible'
			});
			const { lineId } = await reverseClaimLine(data, await actor('office'), { ...base(claimId), lineId: lines[0].id, reason: 'Die Sitzung fiel aus.' });
			expect((await linesOf(claimId)).find((l) => l.id === lineId)).toMatchObject({
				kind: 'reversal',
				amountCents: -4000,
				reversesLineId: lines[0].id,
				reason: 'Die Sitzung fiel aus.'
			});
			expect((await yearTotalsOn(data, conferenceId, idOf('guest'), YEAR)).totalCents).toBe(0);
			expect(await claimOf(claimId)).toEqual(before);
			expect(
				await refusedAsync(async () => reverseClaimLine(data, await actor('secondOffice'), { ...base(claimId), lineId: lines[0].id, reason: 'Nochmal' }))
			).toMatchObject({
				code: 'claim_line_already_reversed'
			});
			expect(await refusedAsync(async () => reverseClaimLine(data, await actor('office'), { ...base(claimId), lineId, reason: 'Zurück' }))).toMatchObject({
				code: 'claim_line_not_reversible'
			});
			expect((await auditOf(claimId)).at(-1)).toMatchObject({ action: 'claim.reverseLine', after: { amountCents: -4000, reversesLineId: lines[0].id } });
			expect((await mailJobs(claimId)).map((j) => JSON.parse(j.payload).step)).toContain('reversed');
		});

		it('refuses reversing lines of a claim not yet decided', async () => {
			const { claimId, lines } = await submittedClaim('guest');
			expect(
				await refusedAsync(async () => reverseClaimLine(data, await actor('office'), { ...base(claimId), lineId: lines[0].id, reason: 'x' }))
			).toMatchObject({
				code: 'claim_wrong_status'
			});
		});
	});

	describe('the mail at each step', () => {
		const decoded = (raw: string) =>
			Buffer.from(
				raw
					.replace(/=\r?\n/g, '')
					.replace(/\r?\n[ \t]+/g, ' ')
					.replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
				'latin1'
			).toString('utf8');
		const run = (job: Tables['jobs']['$inferSelect']) =>
			mailClaimStep.run(mailClaimStep.parse(JSON.parse(job.payload)), {
				data: data,
				jobId: job.id,
				attempt: 1,
				signal: new AbortController().signal
			});

		it('tells of a rejected line with its reason and the amount, in standard German, with a stable message id', async () => {
			const { claimId, lines } = await submittedClaim('minuteTaker', [{ kind: 'ticket', amountCents: 1290 }]);
			await approveClaim(data, await actor('office'), {
				...base(claimId),
				decisions: [
					{ lineId: lines[0].id, approve: true },
					{ lineId: lines[1].id, approve: false, reason: 'Die Fahrkarte fehlt.' }
				]
			});
			const [job] = await mailJobs(claimId);
			await run(job);
			const mail = smtp.received.find((m) => m.raw.includes(claimStepMailMessageId({ claimId, step: 'approved' })))!;
			expect(mail.to).toContain('minutes@test.example');
			const body = decoded(mail.raw);
			expect(body).toContain('ist genehmigt: 40,00');
			expect(body).toContain('Begründung: Die Fahrkarte fehlt.');
			expect(body).toContain(`${ORIGIN}/einfach/geld/${claimId}`);
		});

		it('writes in Leichte Sprache for a person who prefers it', async () => {
			const { claimId } = await submittedClaim('advisoryMember');
			await rejectClaim(data, await actor('office'), { ...base(claimId), reason: 'Sie waren nicht da.' });
			await run((await mailJobs(claimId))[0]);
			const body = decoded(smtp.received.find((m) => m.raw.includes(claimStepMailMessageId({ claimId, step: 'rejected' })))!.raw);
			expect(body).toContain('Sie bekommen dafür leider kein Geld.');
			expect(body).toContain('Der Grund: Sie waren nicht da.');
			expect(body).toContain('Hier klicken: Mein Geld ansehen');
		});

		it('sends nothing to a person without an address, and puts no failed job before the office', async () => {
			const { claimId } = await submittedClaim('deputy');
			await rejectClaim(data, await actor('office'), { ...base(claimId), reason: 'Doppelt.' });
			const before = smtp.received.length;
			await expect(run((await mailJobs(claimId))[0])).resolves.toBeUndefined();
			expect(smtp.received).toHaveLength(before);
		});
	});

	describe('the overview', () => {
		it('lists, filters and pages the claims, and sums the year by where claims stand', async () => {
			const all = await listClaims(data, conferenceId, { year: YEAR });
			const count = (await data.q.select().from(data.t.claims).where(eq(data.t.claims.conferenceId, conferenceId))).length;
			expect(all.total).toBe(count);
			const submitted = await listClaims(data, conferenceId, { year: YEAR, status: 'submitted' });
			expect(submitted.rows.every((r) => r.status === 'submitted')).toBe(true);
			const mine = await listClaims(data, conferenceId, { year: YEAR, personId: idOf('guest') });
			expect(mine.rows.map((r) => r.personName)).toEqual(['guest', 'guest']);
			const paid = mine.rows.find((r) => r.status === 'paid')!;
			expect(paid).toMatchObject({ claimedCents: 0, approvedCents: 0 });
			const { meetings } = await claimFilterOptions(data, conferenceId, YEAR);
			const one = await listClaims(data, conferenceId, { year: YEAR, meeting: meetings[0].key });
			expect(one.total).toBe(1);
			expect((await listClaims(data, conferenceId, { year: YEAR - 1 })).total).toBe(0);
			expect((await listClaims(data, conferenceId, { year: YEAR, page: 99 })).page).toBe(1);

			const figures = await yearFigures(data, conferenceId, YEAR);
			const sumOf = (status: string) =>
				all.rows.filter((r) => r.status === status).reduce((s, r) => s + (status === 'submitted' ? r.claimedCents : r.approvedCents), 0);
			expect(figures).toEqual({
				budgetCents: 500000,
				submittedCents: sumOf('submitted'),
				approvedCents: sumOf('approved'),
				releasedCents: sumOf('released'),
				paidCents: sumOf('paid')
			});
			expect(figures.approvedCents).toBeGreaterThan(0);
		});
	});

	describe('the pages decide for themselves who sees what', () => {
		type Event = Parameters<typeof claimLoad>[0];
		const event = async (who: Who, params: Record<string, string>, search = '') =>
			({ locals: { actor: await actor(who) }, params: { conferenceId, ...params }, url: new URL(`${ORIGIN}/x${search}`) }) as unknown as Event;

		it('the overview is the office’s only', async () => {
			expect(await refusedAsync(async () => overviewLoad((await event('votingMember', {})) as never))).toBeInstanceOf(NotAllowed);
			expect(await refusedAsync(async () => overviewLoad((await event('otherOffice', {})) as never))).toBeInstanceOf(NotAllowed);
			const data = (await overviewLoad((await event('office', {}, '?year=2026&status=bogus&page=x')) as never)) as {
				filter: { status: unknown; page: number };
				list: { total: number };
			};
			expect(data.filter).toMatchObject({ status: null, page: 1 });
			expect(data.list.total).toBeGreaterThan(0);
		});

		it('a claim is shown to its person and the office, with release offered only to a second office member', async () => {
			const { claimId } = await submittedClaim('groupModerator');
			await approveClaim(data, await actor('office'), { ...base(claimId), decisions: await approveAll(claimId) });
			expect(await refusedAsync(async () => claimLoad(await event('votingMember', { claimId })))).toBeInstanceOf(NotAllowed);
			expect(await refusedAsync(async () => printLoad((await event('votingMember', { claimId })) as never))).toBeInstanceOf(NotAllowed);
			const approver = (await claimLoad(await event('office', { claimId }))) as { can: Record<string, boolean>; viewerApproved: boolean };
			expect(approver).toMatchObject({ viewerApproved: true, can: { 'claim.release': false, 'claim.reverse': true } });
			const second = (await claimLoad(await event('secondOffice', { claimId }))) as { can: Record<string, boolean>; viewerApproved: boolean };
			expect(second).toMatchObject({ viewerApproved: false, can: { 'claim.release': true } });
			const own = (await claimLoad(await event('groupModerator', { claimId }))) as { can: Record<string, boolean> };
			expect(own.can).toMatchObject({ 'claim.release': false, 'claim.reverse': false, 'claim.approve': false });
			// Which limits apply would tell of social benefits: not sent to the claimant's browser.
			const pending = await submittedClaim('groupModerator');
			expect(((await claimLoad(await event('groupModerator', { claimId: pending.claimId }))) as { limits: unknown }).limits).toBeNull();
			expect(((await claimLoad(await event('office', { claimId: pending.claimId }))) as { limits: unknown }).limits).not.toBeNull();
			const print = (await printLoad((await event('groupModerator', { claimId }, '?einfach=1')) as never)) as { easy: boolean; reference: string };
			expect(print.easy).toBe(true);
			expect(print.reference).toMatch(/^2026-\d{4}$/);
		});

		it('the decision form asks for a reason next to the rejected line, and keeps what was typed', async () => {
			const { claimId, lines } = await submittedClaim('groupModerator', [{ kind: 'ticket', amountCents: 800 }]);
			const post = async (who: Who, fields: Record<string, string>) => {
				const body = new FormData();
				for (const [k, v] of Object.entries(fields)) body.set(k, v);
				return claimActions.decide({ ...(await event(who, { claimId })), request: new Request(`${ORIGIN}/x?/decide`, { method: 'POST', body }) } as never);
			};
			const answer = (await post('office', { [`decision_${lines[0].id}`]: 'approve', [`decision_${lines[1].id}`]: 'reject' })) as unknown as {
				status: number;
				data: { errors: Record<string, string>; values: Record<string, string> };
			};
			expect(answer.status).toBe(400);
			expect(Object.keys(answer.data.errors)).toEqual([`reason_${lines[1].id}`]);
			expect(answer.data.values[`decision_${lines[1].id}`]).toBe('reject');
			const done = (await post('secondOffice', {
				[`decision_${lines[0].id}`]: 'approve',
				[`decision_${lines[1].id}`]: 'reject',
				[`reason_${lines[1].id}`]: 'Kein Beleg dabei.'
			})) as { saved: boolean };
			expect(done.saved).toBe(true);
			expect(await claimOf(claimId)).toMatchObject({ status: 'approved', approvedByPersonId: secondOfficeId });
		});
	});
});
