import { and, asc, desc, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import { limitsFor, limitStanding, type LimitStanding } from '../../domain/allowances/limits';
import type { ClaimLineKind, ClaimLineStatus, ClaimStatus, MeetingType, TravelMode } from '../../domain/allowances/types';
import { claimReference, claimSubject } from '../allowances/claims';
import { allowanceYear, rulesForOn } from '../allowances/rules';
import { claimAmountOn, yearTotalsOn } from '../allowances/totals';
import { type Data, first } from '../db/client';
import { abilities, authorize, can, NotAllowed, type Actor, type ClaimSubject } from '../policies';
import { claimSubjectByIdOn } from '../policies/subjects/lookupOn';

/*
 * "Mein Geld": a person's own claims, read for the person alone. The office reads claims through
 * its own overview; here every row is the signed-in person's, in conferences where the policies
 * let them list their own (`claim.listOwn`), so a claim of someone else is never in reach.
 */

export interface MyClaim {
	id: string;
	conferenceId: string;
	reference: string;
	meetingType: MeetingType;
	meetingTitle: string;
	meetingStartsAt: Date;
	status: ClaimStatus;
	/** What the claim is worth as it stands: the approved amount once decided, else what is claimed. */
	amountCents: number;
	/** Why the claim or some of its lines were rejected (or the claim cancelled), in the office's words. */
	reasons: string[];
	paidAt: Date | null;
}

export interface MyYearStanding {
	conferenceId: string;
	conferenceName: string;
	year: number;
	/** Approved, released and paid this year (counter-entries included): the money promised or paid. */
	totalCents: number;
	/** Submitted and waiting for the office. */
	pendingCents: number;
	/** The tax-free limit for everyone; the benefits limit where the office recorded (with consent) that it applies. */
	limits: { kind: 'yearly' | 'benefits'; standing: LimitStanding }[];
}

/** The conferences whose claims of this person the person may list. */
function ownConferences(actor: Actor): string[] {
	const personId = actor.personId;
	if (personId === null) return [];
	return [...actor.conferences.keys()].filter((conferenceId) => can(actor, 'claim.listOwn', { conferenceId, personId }));
}

/** Before the office decides, what the person claims; after, what was approved (nothing for a rejected or cancelled claim). */
async function shownAmount(claimId: string, status: ClaimStatus, data: Data): Promise<number> {
	const { claimedCents, approvedCents } = await claimAmountOn(data, claimId);
	return status === 'draft' || status === 'submitted' ? claimedCents : approvedCents;
}

/** Whether the office marked the person eligible in one of these conferences. */
async function eligibleIn(data: Data, personId: string, conferenceIds: string[]): Promise<string[]> {
	const { allowancePayees } = data.t;
	if (conferenceIds.length === 0) return [];
	return (
		await data.q
			.select({ conferenceId: allowancePayees.conferenceId })
			.from(allowancePayees)
			.where(and(eq(allowancePayees.personId, personId), inArray(allowancePayees.conferenceId, conferenceIds), eq(allowancePayees.eligible, true)))
	).map((r) => r.conferenceId);
}

/**
 * Whether the person gets "Mein Geld" at all: they may list their own claims somewhere and have a
 * claim there, or the office marked them eligible there (their first claim comes after a meeting).
 */
export async function hasMyMoney(data: Data, actor: Actor): Promise<boolean> {
	const { claims } = data.t;
	const conferenceIds = ownConferences(actor);
	if (actor.personId === null || conferenceIds.length === 0) return false;
	const claim = first(
		await data.q
			.select({ id: claims.id })
			.from(claims)
			.where(and(eq(claims.personId, actor.personId), inArray(claims.conferenceId, conferenceIds)))
			.limit(1)
	);
	return claim !== undefined || (await eligibleIn(data, actor.personId, conferenceIds)).length > 0;
}

/**
 * The benefits flag of the person themselves. The flag is the office's record (`socialBenefits.view`
 * is office-only); the person sees only what follows from it for them, the limit that applies.
 */
async function receivesBenefits(data: Data, conferenceId: string, personId: string): Promise<boolean> {
	const { socialBenefitFlags } = data.t;
	const row = first(
		await data.q
			.select({ receives: socialBenefitFlags.receivesBenefits })
			.from(socialBenefitFlags)
			.where(and(eq(socialBenefitFlags.conferenceId, conferenceId), eq(socialBenefitFlags.personId, personId)))
	);
	return row?.receives ?? false;
}

/** The person's total of one conference and year against the limits that apply to them. */
export async function myYearStanding(data: Data, conference: { id: string; name: string }, personId: string, year: number): Promise<MyYearStanding> {
	const totals = await yearTotalsOn(data, conference.id, personId, year);
	const rules = await rulesForOn(data, conference.id, year);
	const [yearly, benefits] = limitsFor(rules, await receivesBenefits(data, conference.id, personId));
	const limits: MyYearStanding['limits'] = [{ kind: 'yearly', standing: limitStanding(yearly, totals.totalCents) }];
	if (benefits !== undefined) limits.push({ kind: 'benefits', standing: limitStanding(benefits, totals.totalCents) });
	return { conferenceId: conference.id, conferenceName: conference.name, year, totalCents: totals.totalCents, pendingCents: totals.pendingCents, limits };
}

/** Reasons given for rejected lines, per claim. */
async function rejectionReasons(data: Data, claimIds: string[]): Promise<Map<string, string[]>> {
	const { claimLines } = data.t;
	const reasons = new Map<string, string[]>();
	if (claimIds.length === 0) return reasons;
	const rows = await data.q
		.select({ claimId: claimLines.claimId, reason: claimLines.reason })
		.from(claimLines)
		.where(and(inArray(claimLines.claimId, claimIds), eq(claimLines.status, 'rejected'), isNotNull(claimLines.reason)))
		.orderBy(asc(claimLines.createdAt), asc(claimLines.id));
	for (const { claimId, reason } of rows) reasons.set(claimId, [...(reasons.get(claimId) ?? []), reason!]);
	return reasons;
}

/**
 * The signed-in person's claims, the latest meeting first, and their standing per conference and
 * year: every year they have claims in, and this year wherever they are eligible.
 */
export async function myClaims(data: Data, actor: Actor, now = new Date()): Promise<{ claims: MyClaim[]; standings: MyYearStanding[] }> {
	const { claims, conferences } = data.t;
	const conferenceIds = ownConferences(actor);
	const personId = actor.personId;
	if (personId === null || conferenceIds.length === 0) return { claims: [], standings: [] };
	const rows = await data.q
		.select()
		.from(claims)
		.where(and(eq(claims.personId, personId), inArray(claims.conferenceId, conferenceIds)))
		.orderBy(desc(claims.meetingStartsAt), asc(claims.id));
	const reasons = await rejectionReasons(
		data,
		rows.map((r) => r.id)
	);
	const mine: MyClaim[] = [];
	for (const row of rows)
		mine.push({
			id: row.id,
			conferenceId: row.conferenceId,
			reference: claimReference(row),
			meetingType: row.meetingType,
			meetingTitle: row.meetingTitle,
			meetingStartsAt: row.meetingStartsAt,
			status: row.status,
			amountCents: await shownAmount(row.id, row.status, data),
			reasons: [...(row.reason ? [row.reason] : []), ...(reasons.get(row.id) ?? [])],
			paidAt: row.paidAt
		});

	const years = new Map<string, { conferenceId: string; year: number }>();
	const thisYear = allowanceYear(now);
	for (const conferenceId of await eligibleIn(data, personId, conferenceIds)) years.set(`${conferenceId} ${thisYear}`, { conferenceId, year: thisYear });
	for (const row of rows) years.set(`${row.conferenceId} ${row.year}`, { conferenceId: row.conferenceId, year: row.year });
	const names = new Map(
		(await data.q.select({ id: conferences.id, name: conferences.name }).from(conferences).where(inArray(conferences.id, conferenceIds))).map((c) => [
			c.id,
			c.name
		])
	);
	const standings: MyYearStanding[] = [];
	for (const { conferenceId, year } of [...years.values()].sort(
		(a, b) => b.year - a.year || names.get(a.conferenceId)!.localeCompare(names.get(b.conferenceId)!)
	))
		standings.push(await myYearStanding(data, { id: conferenceId, name: names.get(conferenceId)! }, personId, year));
	return { claims: mine, standings };
}

export interface MyClaimLine {
	id: string;
	kind: ClaimLineKind;
	description: string | null;
	distanceTenthKm: number | null;
	travelMode: TravelMode | null;
	amountCents: number;
	status: ClaimLineStatus;
	reason: string | null;
	receiptId: string | null;
}

/** The claim's subject, once the policies agree it is the signed-in person's own claim; refused otherwise. */
export async function requireMyClaim(data: Data, actor: Actor, claimId: string): Promise<ClaimSubject> {
	const subject = await claimSubjectByIdOn(data, claimId);
	if (!subject) throw new NotAllowed('not_found');
	authorize(actor, 'claim.view', subject);
	authorize(actor, 'claim.listOwn', { conferenceId: subject.conferenceId, personId: subject.personId });
	return subject;
}

/**
 * One claim of the signed-in person, with its lines (those the person withdrew left out) and what
 * they may do with it. Refused for anyone else, the office included: the office reads claims on
 * its own pages, "Mein Geld" is the claimant's.
 */
export async function myClaim(data: Data, actor: Actor, claimId: string) {
	const { claimLines, claims } = data.t;
	await requireMyClaim(data, actor, claimId);
	const row = first(await data.q.select().from(claims).where(eq(claims.id, claimId)))!;
	const lines = (await data.q
		.select({
			id: claimLines.id,
			kind: claimLines.kind,
			description: claimLines.description,
			distanceTenthKm: claimLines.distanceTenthKm,
			travelMode: claimLines.travelMode,
			amountCents: claimLines.amountCents,
			status: claimLines.status,
			reason: claimLines.reason,
			receiptId: claimLines.receiptId
		})
		.from(claimLines)
		.where(and(eq(claimLines.claimId, claimId), ne(claimLines.status, 'withdrawn')))
		.orderBy(asc(claimLines.createdAt), asc(claimLines.id))) satisfies MyClaimLine[];
	const may = abilities(actor, claimSubject(row), ['claim.edit', 'claim.submit'] as const);
	const amountCents = await shownAmount(row.id, row.status, data);
	// Before the office decides: where this claim would take the year, so the person is warned in time.
	const open = row.status === 'draft' || row.status === 'submitted';
	const year = open ? await myYearStanding(data, { id: row.conferenceId, name: '' }, row.personId, row.year) : null;
	const limits = year ? year.limits.map(({ kind, standing }) => ({ kind, standing: limitStanding(standing.limitCents, year.totalCents, amountCents) })) : [];
	return {
		claim: {
			id: row.id,
			conferenceId: row.conferenceId,
			reference: claimReference(row),
			meetingType: row.meetingType,
			meetingTitle: row.meetingTitle,
			meetingStartsAt: row.meetingStartsAt,
			status: row.status,
			amountCents,
			reason: row.reason,
			declaredAt: row.declaredAt,
			submittedAt: row.submittedAt,
			paidAt: row.paidAt
		},
		lines,
		/** The limits this claim would come near or pass, with it added to the year's total. */
		warnings: limits.filter(({ standing }) => standing.level !== 'fine'),
		can: { edit: may['claim.edit'], submit: may['claim.submit'] }
	};
}
