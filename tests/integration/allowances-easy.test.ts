import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { addClaimLine } from '../../src/lib/server/commands/addClaimLine';
import { submitClaim } from '../../src/lib/server/commands/submitClaim';
import type { Data, Tables } from '../../src/lib/server/db/client';
import { easySectionsFor } from '../../src/lib/server/easy/sections';
import { hasMyMoney, myClaim, myClaims } from '../../src/lib/server/queries/myClaims';
import { loadActorOn, NotAllowed } from '../../src/lib/server/policies';
import { sittingWithClaim } from './support/claims';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, type Fixture } from './support/fixtureOn';

/**
 * "Mein Geld" reads the signed-in person's own claims and nothing else: where each stands, why a
 * line was refused, when it was paid, and the year's total against the limits that apply to them.
 * On SQLite and PostgreSQL.
 */
type Name = Exclude<ActorName, 'anonymous'>;
const NOW = new Date('2026-06-01T10:00:00Z');

describe.each(DIALECTS)('Mein Geld on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	beforeAll(() => {
		({ data, fixture } = on);
	});

	const actor = (name: Name) => loadActorOn(data, fixture.ids[name]);
	const conferenceId = () => fixture.conferenceA.id;

	let sittings = 0;
	/** A sitting of conference A and the claim of `who` for it (its flat rate, 25 € by default for a plenary). */
	async function draftFor(who: Name, startsAt = new Date('2026-03-10T16:00:00Z')) {
		sittings++;
		const { claimId } = await sittingWithClaim(data, {
			conferenceId: conferenceId(),
			personId: fixture.ids[who],
			startsAt,
			title: `Sitzung ${sittings}`,
			checkInCode: `easy${sittings}`,
			now: NOW
		});
		return claimId;
	}

	/**
	 * The office's later steps are other parts' commands; here the rows are put into those states
	 * directly, as they would stand after them, since only the reading is under test.
	 */
	async function decide(claimId: string, status: 'approved' | 'released' | 'paid' | 'rejected', extra: Partial<Tables['claims']['$inferInsert']> = {}) {
		const { q, t } = data;
		await q
			.update(t.claimLines)
			.set({ status: status === 'rejected' ? 'rejected' : 'approved', decidedAt: NOW })
			.where(eq(t.claimLines.claimId, claimId));
		await q
			.update(t.claims)
			.set({ status, approvedAt: status === 'rejected' ? null : NOW, approvedByPersonId: status === 'rejected' ? null : fixture.ids.office, ...extra })
			.where(eq(t.claims.id, claimId));
	}

	describe('Mein Geld', () => {
		it('shows the section only to people with a claim or marked eligible', async () => {
			const ctx = async (name: Name) => ({ data, actor: await actor(name), personId: fixture.ids[name] });
			expect((await easySectionsFor(await ctx('advisoryMember'))).map((s) => s.id)).toEqual(['dates']);
			expect(await hasMyMoney(data, await actor('advisoryMember'))).toBe(false);
			await data.q
				.insert(data.t.allowancePayees)
				.values({ conferenceId: conferenceId(), personId: fixture.ids.advisoryMember, eligible: true, updatedAt: NOW });
			expect((await easySectionsFor(await ctx('advisoryMember'))).map((s) => s.id)).toEqual(['dates', 'money']);
			// A claim alone is enough too (eligibility may have ended since).
			await draftFor('deputy');
			expect(await hasMyMoney(data, await actor('deputy'))).toBe(true);
		});

		it("lists the person's own claims only, latest meeting first, each with where it stands", async () => {
			const draft = await draftFor('votingMember', new Date('2026-05-05T16:00:00Z'));
			const submitted = await draftFor('votingMember', new Date('2026-04-05T16:00:00Z'));
			await addClaimLine(data, await actor('votingMember'), {
				conferenceId: conferenceId(),
				claimId: submitted,
				kind: 'companion',
				amountCents: 1250
			});
			await submitClaim(data, await actor('votingMember'), {
				conferenceId: conferenceId(),
				claimId: submitted,
				declaration: true,
				origin: 'http://localhost',
				now: NOW
			});
			const paid = await draftFor('votingMember', new Date('2026-03-05T16:00:00Z'));
			await decide(paid, 'paid', { paidAt: new Date('2026-03-03T09:00:00Z'), releasedAt: NOW, releasedByPersonId: fixture.ids.otherOffice });
			const rejected = await draftFor('votingMember', new Date('2026-02-05T16:00:00Z'));
			await data.q.update(data.t.claimLines).set({ reason: 'An diesem Tag waren Sie entschuldigt.' }).where(eq(data.t.claimLines.claimId, rejected));
			await decide(rejected, 'rejected');
			const someoneElses = await draftFor('moderator');

			const { claims: mine } = await myClaims(data, await actor('votingMember'), NOW);
			expect(mine.map((c) => [c.id, c.status])).toEqual([
				[draft, 'draft'],
				[submitted, 'submitted'],
				[paid, 'paid'],
				[rejected, 'rejected']
			]);
			expect(mine.some((c) => c.id === someoneElses)).toBe(false);
			// Open claims show what is claimed; decided ones what was approved.
			expect(mine.map((c) => c.amountCents)).toEqual([2500, 3750, 2500, 0]);
			expect(mine[2].paidAt).toEqual(new Date('2026-03-03T09:00:00Z'));
			expect(mine[3].reasons).toEqual(['An diesem Tag waren Sie entschuldigt.']);
			expect(mine[0].reference).toMatch(/^2026-\d{4}$/);
		});

		it("opens one's own claim with its lines and what the person may do; another person's claim is refused, the office's included", async () => {
			const claimId = await draftFor('votingMember', new Date('2026-05-20T16:00:00Z'));
			const { lineId } = await addClaimLine(data, await actor('votingMember'), {
				conferenceId: conferenceId(),
				claimId,
				kind: 'travel_km',
				distanceTenthKm: 120,
				travelMode: 'bicycle'
			});
			const view = await myClaim(data, await actor('votingMember'), claimId);
			expect(view.claim.status).toBe('draft');
			expect(view.lines.map((l) => [l.kind, l.amountCents])).toEqual([
				['flat', 2500],
				['travel_km', 300]
			]);
			expect(view.can).toEqual({ edit: true, submit: true });
			await data.q.update(data.t.claimLines).set({ status: 'withdrawn' }).where(eq(data.t.claimLines.id, lineId));
			expect((await myClaim(data, await actor('votingMember'), claimId)).lines.map((l) => l.kind)).toEqual(['flat']);

			for (const other of ['moderator', 'office', 'otherOffice', 'admin'] as const) {
				await expect(myClaim(data, await actor(other), claimId), other).rejects.toThrow(NotAllowed);
			}
			await expect(myClaim(data, await actor('votingMember'), 'doesnotexist')).rejects.toThrow(NotAllowed);

			await submitClaim(data, await actor('votingMember'), {
				conferenceId: conferenceId(),
				claimId,
				declaration: true,
				origin: 'http://localhost',
				now: NOW
			});
			const sent = await myClaim(data, await actor('votingMember'), claimId);
			expect(sent.claim.declaredAt).toEqual(NOW);
			expect(sent.can).toEqual({ edit: false, submit: false });
		});

		it('reads nothing in a conference the person left', async () => {
			const claimId = await draftFor('guest');
			expect((await myClaims(data, await actor('guest'), NOW)).claims.map((c) => c.id)).toContain(claimId);
			const outsider = { ...(await actor('guest')), conferences: new Map() };
			expect(await myClaims(data, outsider, NOW)).toEqual({ claims: [], standings: [] });
			await expect(myClaim(data, outsider, claimId)).rejects.toThrow(NotAllowed);
			expect(await hasMyMoney(data, outsider)).toBe(false);
		});

		it('totals the year against the limits that apply, and warns near and over them', async () => {
			const who: Name = 'groupMember';
			await data.q.insert(data.t.allowanceRules).values({
				conferenceId: conferenceId(),
				year: 2026,
				flatPlenaryCents: 41_000,
				flatWorkingGroupCents: 2000,
				flatSteeringGroupCents: 2500,
				flatOtherCents: 1500,
				kmRateCents: 20,
				kmRateOfficialCents: 30,
				kmRateBicycleCents: 25,
				tripCapCents: 13_000,
				yearlyLimitCents: 96_000,
				benefitsLimitCents: 300_000,
				updatedAt: NOW
			});
			const standing = async () => (await myClaims(data, await actor(who), NOW)).standings.find((s) => s.year === 2026)!;
			await decide(await draftFor(who), 'approved');
			expect(await standing()).toMatchObject({ conferenceId: conferenceId(), year: 2026, totalCents: 41_000, pendingCents: 0 });
			expect((await standing()).limits.map((l) => [l.kind, l.standing.limitCents, l.standing.level])).toEqual([['yearly', 96_000, 'fine']]);
			await decide(await draftFor(who), 'released', { releasedAt: NOW, releasedByPersonId: fixture.ids.otherOffice });
			// 820 € of 960 €: past 80 %, the person is warned.
			expect((await standing()).totalCents).toBe(82_000);
			expect((await standing()).limits[0].standing.level).toBe('near');
			await decide(await draftFor(who), 'approved');
			expect((await standing()).limits[0].standing.level).toBe('over');

			// The benefits limit, where the office recorded it with consent, is measured too.
			await data.q
				.insert(data.t.socialBenefitFlags)
				.values({ conferenceId: conferenceId(), personId: fixture.ids[who], receivesBenefits: true, consentRecordedAt: NOW });
			expect((await standing()).limits.map((l) => [l.kind, l.standing.limitCents, l.standing.level])).toEqual([
				['yearly', 96_000, 'over'],
				['benefits', 300_000, 'fine']
			]);
			// A claim not yet decided says where it would take the year, before it is sent.
			const next = await draftFor(who);
			expect((await myClaim(data, await actor(who), next)).warnings.map((w) => [w.kind, w.standing.withClaimCents, w.standing.level])).toEqual([
				['yearly', 164_000, 'over']
			]);
			// Another person's totals are never in this person's standing.
			expect((await myClaims(data, await actor('votingMember'), NOW)).standings.every((s) => s.totalCents < 41_000)).toBe(true);
		});
	});
});
