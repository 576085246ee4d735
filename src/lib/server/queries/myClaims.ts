import { and, asc, desc, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import { limitsFor, limitStanding, type LimitStanding } from '../../domain/allowances/limits';
import type { ClaimLineKind, ClaimLineStatus, ClaimStatus, MeetingType, TravelMode } from '../../domain/allowances/types';
import { claimReference, claimSubject } from '../allowances/claims';
import { allowanceYear, rulesFor } from '../allowances/rules';
import { claimAmount, yearTotals } from '../allowances/totals';
import type { Db } from '../db';
import { allowancePayees, claimLines, claims, conferences, socialBenefitFlags } from '../db/schema';
import { abilities, authorize, can, NotAllowed, type Actor, type ClaimSubject } from '../policies';
import { claimSubjectById } from '../policies/subjects';

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
function shownAmount(claimId: string, status: ClaimStatus, db: Db): number {
	const { claimedCents, approvedCents } = claimAmount(db, claimId);
	return status === 'draft' || status === 'submitted' ? claimedCents : approvedCents;
}

/** Whether the office marked the person eligible in one of these conferences. */
function eligibleIn(db: Db, personId: string, conferenceIds: string[]): string[] {
	if (conferenceIds.length === 0) return [];
	return db
		.select({ conferenceId: allowancePayees.conferenceId })
		.from(allowancePayees)
		.where(and(eq(allowancePayees.personId, personId), inArray(allowancePayees.conferenceId, conferenceIds), eq(allowancePayees.eligible, true)))
		.all()
		.map((r) => r.conferenceId);
}

/**
 * Whether the person gets "Mein Geld" at all: they may list their own claims somewhere and have a
 * claim there, or the office marked them eligible there (their first claim comes after a meeting).
 */
export function hasMyMoney(db: Db, actor: Actor): boolean {
	const conferenceIds = ownConferences(actor);
	if (actor.personId === null || conferenceIds.length === 0) return false;
	const claim = db
		.select({ id: claims.id })
		.from(claims)
		.where(and(eq(claims.personId, actor.personId), inArray(claims.conferenceId, conferenceIds)))
		.limit(1)
		.get();
	return claim !== undefined || eligibleIn(db, actor.personId, conferenceIds).length > 0;
}

/**
 * The benefits flag of the person themselves. The flag is the office's record (`socialBenefits.view`
 * is office-only); the person sees only what follows from it for them, the limit that applies.
 */
function receivesBenefits(db: Db, conferenceId: string, personId: string): boolean {
	const row = db
		.select({ receives: socialBenefitFlags.receivesBenefits })
		.from(socialBenefitFlags)
		.where(and(eq(socialBenefitFlags.conferenceId, conferenceId), eq(socialBenefitFlags.personId, personId)))
		.get();
	return row?.receives ?? false;
}

/** The person's total of one conference and year against the limits that apply to them. */
export function myYearStanding(db: Db, conference: { id: string; name: string }, personId: string, year: number): MyYearStanding {
	const totals = yearTotals(db, conference.id, personId, year);
	const rules = rulesFor(db, conference.id, year);
	const [yearly, benefits] = limitsFor(rules, receivesBenefits(db, conference.id, personId));
	const limits: MyYearStanding['limits'] = [{ kind: 'yearly', standing: limitStanding(yearly, totals.totalCents) }];
	if (benefits !== undefined) limits.push({ kind: 'benefits', standing: limitStanding(benefits, totals.totalCents) });
	return { conferenceId: conference.id, conferenceName: conference.name, year, totalCents: totals.totalCents, pendingCents: totals.pendingCents, limits };
}

/** Reasons given for rejected lines, per claim. */
function rejectionReasons(db: Db, claimIds: string[]): Map<string, string[]> {
	const reasons = new Map<string, string[]>();
	if (claimIds.length === 0) return reasons;
	const rows = db
		.select({ claimId: claimLines.claimId, reason: claimLines.reason })
		.from(claimLines)
		.where(and(inArray(claimLines.claimId, claimIds), eq(claimLines.status, 'rejected'), isNotNull(claimLines.reason)))
		.orderBy(asc(claimLines.createdAt))
		.all();
	for (const { claimId, reason } of rows) reasons.set(claimId, [...(reasons.get(claimId) ?? []), reason!]);
	return reasons;
}

/**
 * The signed-in person's claims, the latest meeting first, and their standing per conference and
 * year: every year they have claims in, and this year wherever they are eligible.
 */
export function myClaims(db: Db, actor: Actor, now = new Date()): { claims: MyClaim[]; standings: MyYearStanding[] } {
	const conferenceIds = ownConferences(actor);
	const personId = actor.personId;
	if (personId === null || conferenceIds.length === 0) return { claims: [], standings: [] };
	const rows = db
		.select()
		.from(claims)
		.where(and(eq(claims.personId, personId), inArray(claims.conferenceId, conferenceIds)))
		.orderBy(desc(claims.meetingStartsAt))
		.all();
	const reasons = rejectionReasons(
		db,
		rows.map((r) => r.id)
	);
	const mine = rows.map<MyClaim>((row) => ({
		id: row.id,
		conferenceId: row.conferenceId,
		reference: claimReference(row),
		meetingType: row.meetingType,
		meetingTitle: row.meetingTitle,
		meetingStartsAt: row.meetingStartsAt,
		status: row.status,
		amountCents: shownAmount(row.id, row.status, db),
		reasons: [...(row.reason ? [row.reason] : []), ...(reasons.get(row.id) ?? [])],
		paidAt: row.paidAt
	}));

	const years = new Map<string, { conferenceId: string; year: number }>();
	const thisYear = allowanceYear(now);
	for (const conferenceId of eligibleIn(db, personId, conferenceIds)) years.set(`${conferenceId} ${thisYear}`, { conferenceId, year: thisYear });
	for (const row of rows) years.set(`${row.conferenceId} ${row.year}`, { conferenceId: row.conferenceId, year: row.year });
	const names = new Map(
		db
			.select({ id: conferences.id, name: conferences.name })
			.from(conferences)
			.where(inArray(conferences.id, conferenceIds))
			.all()
			.map((c) => [c.id, c.name])
	);
	const standings = [...years.values()]
		.sort((a, b) => b.year - a.year || names.get(a.conferenceId)!.localeCompare(names.get(b.conferenceId)!))
		.map(({ conferenceId, year }) => myYearStanding(db, { id: conferenceId, name: names.get(conferenceId)! }, personId, year));
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
export function requireMyClaim(db: Db, actor: Actor, claimId: string): ClaimSubject {
	const subject = claimSubjectById(db, claimId);
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
export function myClaim(db: Db, actor: Actor, claimId: string) {
	requireMyClaim(db, actor, claimId);
	const row = db.select().from(claims).where(eq(claims.id, claimId)).get()!;
	const lines = db
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
		.orderBy(asc(claimLines.createdAt))
		.all() satisfies MyClaimLine[];
	const may = abilities(actor, claimSubject(row), ['claim.edit', 'claim.submit'] as const);
	const amountCents = shownAmount(row.id, row.status, db);
	// Before the office decides: where this claim would take the year, so the person is warned in time.
	const open = row.status === 'draft' || row.status === 'submitted';
	const year = open ? myYearStanding(db, { id: row.conferenceId, name: '' }, row.personId, row.year) : null;
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
