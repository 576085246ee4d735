import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { ClaimStatus, MeetingType } from '../../domain/allowances/types';
import { type Data, first, type Tables } from '../db/client';
import { countedLine } from '../allowances/totals';
import { rulesForOn } from '../allowances/rules';

/** How many claims one page of the office's list shows. */
export const CLAIMS_PAGE_SIZE = 50;

/** A meeting as the filter names it: `s:<sessionId>` for a plenary sitting, `g:<groupMeetingId>` for a group's meeting. */
export type MeetingKey = `s:${string}` | `g:${string}`;

export interface ClaimsFilter {
	year: number;
	status?: ClaimStatus | null;
	personId?: string | null;
	meeting?: MeetingKey | null;
	/** 1-based. */
	page?: number;
}

export interface ClaimRowView {
	id: string;
	year: number;
	number: number;
	personId: string;
	personName: string;
	meetingType: MeetingType;
	meetingTitle: string;
	meetingStartsAt: Date;
	status: ClaimStatus;
	/** Lines not withdrawn or rejected: what the claim asks for. */
	claimedCents: number;
	/** Approved lines and counter-entries: what it is worth once decided. */
	approvedCents: number;
}

/**
 * The year's money at a glance, by where the claims stand (each claim counted once): waiting for a
 * decision, approved (waiting for release), released (waiting for payout), paid; and the budget.
 */
export interface YearFigures {
	budgetCents: number | null;
	submittedCents: number;
	approvedCents: number;
	releasedCents: number;
	paidCents: number;
}

export function meetingKeyOf(claim: { sessionId: string | null; groupMeetingId: string | null }): MeetingKey {
	return claim.sessionId ? `s:${claim.sessionId}` : `g:${claim.groupMeetingId}`;
}

/** Sums of cents, as numbers on both dialects (PostgreSQL's `sum` of integers is a bigint, a string to its driver). */
function sums(t: Pick<Tables, 'claimLines'>) {
	const { claimLines } = t;
	return {
		claimed: sql<number>`coalesce(sum(case when ${claimLines.status} in ('open', 'approved') then ${claimLines.amountCents} else 0 end), 0)`.mapWith(Number),
		counted: sql<number>`coalesce(sum(case when ${countedLine(t)} then ${claimLines.amountCents} else 0 end), 0)`.mapWith(Number)
	};
}

function whereOf({ claims }: Pick<Tables, 'claims'>, conferenceId: string, filter: ClaimsFilter): SQL {
	const meeting = filter.meeting;
	return and(
		eq(claims.conferenceId, conferenceId),
		eq(claims.year, filter.year),
		filter.status ? eq(claims.status, filter.status) : undefined,
		filter.personId ? eq(claims.personId, filter.personId) : undefined,
		meeting?.startsWith('s:') ? eq(claims.sessionId, meeting.slice(2)) : undefined,
		meeting?.startsWith('g:') ? eq(claims.groupMeetingId, meeting.slice(2)) : undefined
	)!;
}

/**
 * One page of a conference's claims, the newest reference first (numbers follow drafting, so the
 * latest meetings come first), with the number of all that match. Four small statements whatever
 * the page holds: the count and the page walk the `claims_number` index (no sort of the year's
 * claims), then the names and the amounts of just that page's claims.
 */
export async function listClaims(
	data: Data,
	conferenceId: string,
	filter: ClaimsFilter
): Promise<{ rows: ClaimRowView[]; total: number; page: number; pages: number }> {
	const { claimLines, claims, people } = data.t;
	const where = whereOf(data.t, conferenceId, filter);
	const total = first(await data.q.select({ n: count() }).from(claims).where(where))!.n;
	const pages = Math.max(1, Math.ceil(total / CLAIMS_PAGE_SIZE));
	const page = Math.min(Math.max(1, filter.page ?? 1), pages);
	const found = await data.q
		.select({
			id: claims.id,
			year: claims.year,
			number: claims.number,
			personId: claims.personId,
			meetingType: claims.meetingType,
			meetingTitle: claims.meetingTitle,
			meetingStartsAt: claims.meetingStartsAt,
			status: claims.status
		})
		.from(claims)
		.where(where)
		.orderBy(desc(claims.number))
		.limit(CLAIMS_PAGE_SIZE)
		.offset((page - 1) * CLAIMS_PAGE_SIZE);
	const names = new Map(
		found.length === 0
			? []
			: (
					await data.q
						.select({ id: people.id, name: people.displayName })
						.from(people)
						.where(inArray(people.id, [...new Set(found.map((c) => c.personId))]))
				).map((p) => [p.id, p.name])
	);
	const amounts = new Map(
		found.length === 0
			? []
			: (
					await data.q
						.select({ claimId: claimLines.claimId, claimed: sums(data.t).claimed, approved: sums(data.t).counted })
						.from(claimLines)
						.where(
							inArray(
								claimLines.claimId,
								found.map((c) => c.id)
							)
						)
						.groupBy(claimLines.claimId)
				).map((a) => [a.claimId, a])
	);
	const rows = found.map((c) => ({
		...c,
		personName: names.get(c.personId) ?? '',
		claimedCents: amounts.get(c.id)?.claimed ?? 0,
		approvedCents: amounts.get(c.id)?.approved ?? 0
	}));
	return { rows, total, page, pages };
}

/** The year's figures of a conference, in one grouped query over its claims and their lines. */
export async function yearFigures(data: Data, conferenceId: string, year: number): Promise<YearFigures> {
	const { claimLines, claims } = data.t;
	const byStatus = await data.q
		.select({ status: claims.status, ...sums(data.t) })
		.from(claims)
		.innerJoin(claimLines, eq(claimLines.claimId, claims.id))
		.where(and(eq(claims.conferenceId, conferenceId), eq(claims.year, year), inArray(claims.status, ['submitted', 'approved', 'released', 'paid'])))
		.groupBy(claims.status);
	const of = (status: ClaimStatus, pick: 'claimed' | 'counted') => byStatus.find((r) => r.status === status)?.[pick] ?? 0;
	return {
		budgetCents: (await rulesForOn(data, conferenceId, year)).budgetCents,
		submittedCents: of('submitted', 'claimed'),
		approvedCents: of('approved', 'counted'),
		releasedCents: of('released', 'counted'),
		paidCents: of('paid', 'counted')
	};
}

/** What the filters offer: the years with claims, the people who claimed, the meetings claimed for (in the chosen year). */
export async function claimFilterOptions(data: Data, conferenceId: string, year: number) {
	const { claims, people } = data.t;
	const years = (await data.q.selectDistinct({ year: claims.year }).from(claims).where(eq(claims.conferenceId, conferenceId)).orderBy(desc(claims.year))).map(
		(r) => r.year
	);
	// The claimants first (an IN list the index fills), then their names: no join over every claim of the year.
	const claimants = await data.q
		.select({ id: people.id, name: people.displayName })
		.from(people)
		.where(
			inArray(
				people.id,
				data.q
					.select({ id: claims.personId })
					.from(claims)
					.where(and(eq(claims.conferenceId, conferenceId), eq(claims.year, year)))
			)
		)
		.orderBy(asc(people.displayName), asc(people.id));
	const meetings = (
		await data.q
			.selectDistinct({ sessionId: claims.sessionId, groupMeetingId: claims.groupMeetingId, title: claims.meetingTitle, startsAt: claims.meetingStartsAt })
			.from(claims)
			.where(and(eq(claims.conferenceId, conferenceId), eq(claims.year, year)))
			.orderBy(
				desc(claims.meetingStartsAt),
				// One order among ties on both (their NULLs sort apart unless told).
				sql`${claims.sessionId} asc nulls first`,
				sql`${claims.groupMeetingId} asc nulls first`,
				asc(claims.meetingTitle)
			)
	).map((r) => ({ key: meetingKeyOf(r), title: r.title, startsAt: r.startsAt }));
	return { years, claimants, meetings: dedupe(meetings) };
}

/** A meeting's title was copied into each claim; the same meeting is offered once. */
function dedupe<T extends { key: string }>(items: T[]): T[] {
	const seen = new Set<string>();
	return items.filter((i) => !seen.has(i.key) && seen.add(i.key));
}
