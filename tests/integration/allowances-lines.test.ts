import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClaimLine } from '../../src/lib/server/commands/addClaimLine';
import { submitClaim } from '../../src/lib/server/commands/submitClaim';
import { withdrawClaimLine } from '../../src/lib/server/commands/withdrawClaimLine';
import { draftClaimIn } from '../../src/lib/server/allowances/draftClaim';
import { allowanceRules, auditLog, claimLines, claims, plenarySessions } from '../../src/lib/server/db/schema';
import { transact } from '../../src/lib/server/effects';
import { loadActor } from '../../src/lib/server/policies';
import { NotAllowed } from '../../src/lib/server/policies';
import { tempDatabase } from './support/db';
import { codeOf } from './support/errors';
import { buildFixture, type ActorName } from './support/fixture';

/**
 * The lines of a claim for an allowance: added by the person or by the office for them, amounts
 * computed from the year's rules, withdrawn while a draft, and the claim submitted only with the
 * self-declaration.
 */
const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
beforeAll(async () => {
	fixture = await buildFixture(db);
});
afterAll(() => storage.cleanup());

const ORIGIN = 'http://localhost:5173';
const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActor(db, fixture.ids[name]);
const conferenceId = () => fixture.conferenceA.id;

let sittingCount = 0;
/** A sitting of conference A on a day in 2026, and a drafted claim of `who` for it. */
function draftFor(who: Exclude<ActorName, 'anonymous'> = 'votingMember', startsAt = new Date('2026-03-10T16:00:00Z')) {
	const session = db
		.insert(plenarySessions)
		.values({ conferenceId: conferenceId(), title: `Sitzung ${++sittingCount}`, startsAt, place: 'Rathaus', checkInCode: `code${sittingCount}` })
		.returning()
		.get();
	const drafted = transact(db, (tx) =>
		draftClaimIn(tx, { personId: fixture.ids[who], meeting: { sessionId: session.id }, now: new Date(), actorPersonId: null })
	);
	return drafted!.claimId;
}

const linesOf = (claimId: string) => db.select().from(claimLines).where(eq(claimLines.claimId, claimId)).all();
const lineById = (lineId: string) => db.select().from(claimLines).where(eq(claimLines.id, lineId)).get()!;
const claimById = (claimId: string) => db.select().from(claims).where(eq(claims.id, claimId)).get()!;

async function codeOfAsync(fn: () => Promise<unknown>): Promise<string | undefined> {
	try {
		await fn();
	} catch (e) {
		return codeOf(() => {
			throw e;
		});
	}
	return undefined;
}

describe('lines of a claim', () => {
	it('a trip by car pays the km rate of the claim’s year, rounded once and capped per trip', async () => {
		const claimId = draftFor();
		const person = actor('votingMember');
		const { lineId } = await addClaimLine(db, person, {
			conferenceId: conferenceId(),
			claimId,
			kind: 'travel_km',
			distanceTenthKm: 125,
			description: 'Hin und zurück'
		});
		// 12.5 km × 0.20 € = 2.50 €
		expect(lineById(lineId)).toMatchObject({ kind: 'travel_km', amountCents: 250, travelMode: 'car', officialInterest: false, status: 'open' });
		const far = await addClaimLine(db, person, { conferenceId: conferenceId(), claimId, kind: 'travel_km', distanceTenthKm: 9_999 });
		// 999.9 km × 0.20 € = 199.98 €, capped at 130 €
		expect(lineById(far.lineId).amountCents).toBe(13_000);
	});

	it('uses the rules the office set for that year', async () => {
		db.insert(allowanceRules)
			.values({
				conferenceId: conferenceId(),
				year: 2025,
				flatPlenaryCents: 3000,
				flatWorkingGroupCents: 2000,
				flatSteeringGroupCents: 2500,
				flatOtherCents: 1500,
				kmRateCents: 35,
				kmRateOfficialCents: 40,
				kmRateBicycleCents: 10,
				tripCapCents: 5000,
				yearlyLimitCents: 84_000,
				benefitsLimitCents: 300_000,
				updatedAt: new Date()
			})
			.run();
		const claimId = draftFor('votingMember', new Date('2025-11-04T17:00:00Z'));
		const { lineId } = await addClaimLine(db, actor('votingMember'), { conferenceId: conferenceId(), claimId, kind: 'travel_km', distanceTenthKm: 33 });
		// 3.3 km × 0.35 € = 1.155 € → 1.16 € (half up)
		expect(lineById(lineId).amountCents).toBe(116);
		const bike = await addClaimLine(db, actor('votingMember'), {
			conferenceId: conferenceId(),
			claimId,
			kind: 'travel_km',
			distanceTenthKm: 100,
			travelMode: 'bicycle'
		});
		expect(lineById(bike.lineId).amountCents).toBe(100);
	});

	it('a bicycle has its own rate; official interest is the office’s to mark, and only for cars', async () => {
		const claimId = draftFor();
		const bike = await addClaimLine(db, actor('votingMember'), {
			conferenceId: conferenceId(),
			claimId,
			kind: 'travel_km',
			distanceTenthKm: 100,
			travelMode: 'bicycle'
		});
		expect(lineById(bike.lineId)).toMatchObject({ amountCents: 250, travelMode: 'bicycle' });
		// The person asking for the higher rate is refused, not quietly paid less.
		expect(
			await codeOfAsync(() =>
				addClaimLine(db, actor('votingMember'), { conferenceId: conferenceId(), claimId, kind: 'travel_km', distanceTenthKm: 100, officialInterest: true })
			)
		).toBe('official_interest_office_only');
		const official = await addClaimLine(db, actor('office'), {
			conferenceId: conferenceId(),
			claimId,
			kind: 'travel_km',
			distanceTenthKm: 100,
			officialInterest: true
		});
		expect(lineById(official.lineId)).toMatchObject({ amountCents: 300, officialInterest: true, createdByPersonId: fixture.ids.office });
		const officialBike = await addClaimLine(db, actor('office'), {
			conferenceId: conferenceId(),
			claimId,
			kind: 'travel_km',
			distanceTenthKm: 100,
			travelMode: 'bicycle',
			officialInterest: true
		});
		expect(lineById(officialBike.lineId)).toMatchObject({ amountCents: 250, officialInterest: false });
		const audit = db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.subjectId, claimId), eq(auditLog.action, 'claim.addLine')))
			.all();
		expect(audit.at(-2)?.after).toMatchObject({ officialInterest: true, onBehalf: true });
	});

	it('tickets, companions and receipts are typed in cents: more than 0, at most the largest amount', async () => {
		const claimId = draftFor();
		const person = actor('votingMember');
		const ticket = await addClaimLine(db, person, {
			conferenceId: conferenceId(),
			claimId,
			kind: 'ticket',
			amountCents: 450,
			description: 'Deutschlandticket-Zuschlag'
		});
		expect(lineById(ticket.lineId)).toMatchObject({ kind: 'ticket', amountCents: 450, description: 'Deutschlandticket-Zuschlag' });
		const companion = await addClaimLine(db, person, { conferenceId: conferenceId(), claimId, kind: 'companion', amountCents: 2_000 });
		expect(lineById(companion.lineId).kind).toBe('companion');
		for (const amountCents of [0, -5, 1.5, 10_000_001, undefined])
			expect(await codeOfAsync(() => addClaimLine(db, person, { conferenceId: conferenceId(), claimId, kind: 'receipt', amountCents }))).toBe(
				'claim_line_amount_invalid'
			);
		for (const distanceTenthKm of [0, -1, 100_001, 2.5, undefined])
			expect(await codeOfAsync(() => addClaimLine(db, person, { conferenceId: conferenceId(), claimId, kind: 'travel_km', distanceTenthKm }))).toBe(
				'claim_line_distance_invalid'
			);
		expect(
			await codeOfAsync(() =>
				addClaimLine(db, person, { conferenceId: conferenceId(), claimId, kind: 'ticket', amountCents: 100, description: 'x'.repeat(301) })
			)
		).toBe('claim_line_description_too_long');
		expect(
			await codeOfAsync(() =>
				addClaimLine(db, person, {
					conferenceId: conferenceId(),
					claimId,
					kind: 'companion',
					amountCents: 100,
					receipt: { bytes: new Uint8Array(10), name: 'a.jpg' }
				})
			)
		).toBe('receipt_not_for_kind');
	});

	it('only the claimant and the office add lines; nobody adds to another conference’s claim', async () => {
		const claimId = draftFor();
		const line = { conferenceId: conferenceId(), claimId, kind: 'ticket' as const, amountCents: 100 };
		await expect(addClaimLine(db, actor('advisoryMember'), line)).rejects.toBeInstanceOf(NotAllowed);
		await expect(addClaimLine(db, actor('admin'), line)).rejects.toBeInstanceOf(NotAllowed);
		await expect(addClaimLine(db, actor('otherOffice'), line)).rejects.toBeInstanceOf(NotAllowed);
		await expect(addClaimLine(db, actor('otherOffice'), { ...line, conferenceId: fixture.conferenceB.id })).rejects.toBeInstanceOf(NotAllowed);
	});

	it('a line is withdrawn, never deleted; the flat line stays', async () => {
		const claimId = draftFor();
		const person = actor('votingMember');
		const { lineId } = await addClaimLine(db, person, { conferenceId: conferenceId(), claimId, kind: 'ticket', amountCents: 380 });
		withdrawClaimLine(db, person, { conferenceId: conferenceId(), claimId, lineId });
		expect(lineById(lineId)).toMatchObject({ status: 'withdrawn', amountCents: 380 });
		expect(codeOf(() => withdrawClaimLine(db, person, { conferenceId: conferenceId(), claimId, lineId }))).toBe('claim_line_not_withdrawable');
		const flat = linesOf(claimId).find((l) => l.kind === 'flat')!;
		expect(codeOf(() => withdrawClaimLine(db, actor('office'), { conferenceId: conferenceId(), claimId, lineId: flat.id }))).toBe(
			'claim_line_not_withdrawable'
		);
		expect(() => withdrawClaimLine(db, actor('advisoryMember'), { conferenceId: conferenceId(), claimId, lineId })).toThrow(NotAllowed);
		expect(
			db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.subjectId, claimId), eq(auditLog.action, 'claim.withdrawLine')))
				.get()?.after
		).toMatchObject({
			lineId,
			status: 'withdrawn'
		});
	});
});

describe('submitting a claim', () => {
	it('is refused without the self-declaration', () => {
		const claimId = draftFor();
		expect(codeOf(() => submitClaim(db, actor('votingMember'), { conferenceId: conferenceId(), claimId, declaration: false, origin: ORIGIN }))).toBe(
			'claim_declaration_required'
		);
		expect(claimById(claimId).status).toBe('draft');
	});

	it('by the person: declared by them, and then closed to changes', async () => {
		const claimId = draftFor();
		const now = new Date('2026-03-11T09:00:00Z');
		submitClaim(db, actor('votingMember'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN, now });
		expect(claimById(claimId)).toMatchObject({ status: 'submitted', declaredAt: now, submittedAt: now, declaredByPersonId: fixture.ids.votingMember });
		expect(await codeOfAsync(() => addClaimLine(db, actor('votingMember'), { conferenceId: conferenceId(), claimId, kind: 'ticket', amountCents: 100 }))).toBe(
			'claim_not_draft'
		);
		expect(codeOf(() => submitClaim(db, actor('votingMember'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN }))).toBe(
			'claim_not_draft'
		);
		const flat = linesOf(claimId)[0];
		expect(codeOf(() => withdrawClaimLine(db, actor('votingMember'), { conferenceId: conferenceId(), claimId, lineId: flat.id }))).toBe('claim_not_draft');
		expect(
			db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.subjectId, claimId), eq(auditLog.action, 'claim.submit')))
				.get()?.after
		).toMatchObject({
			status: 'submitted',
			claimedCents: 2500,
			onBehalf: false
		});
	});

	it('by the office on the person’s behalf, audited as such; nobody else', () => {
		const claimId = draftFor();
		expect(() => submitClaim(db, actor('advisoryMember'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN })).toThrow(NotAllowed);
		expect(() => submitClaim(db, actor('admin'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN })).toThrow(NotAllowed);
		submitClaim(db, actor('office'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN });
		expect(claimById(claimId)).toMatchObject({ status: 'submitted', declaredByPersonId: fixture.ids.office });
		const entry = db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.subjectId, claimId), eq(auditLog.action, 'claim.submit')))
			.get()!;
		expect(entry.actorPersonId).toBe(fixture.ids.office);
		expect(entry.after).toMatchObject({ onBehalf: true });
	});
});
