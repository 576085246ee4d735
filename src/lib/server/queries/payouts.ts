import { and, asc, desc, eq } from 'drizzle-orm';
import { claimReference } from '../allowances/claims';
import { payoutAmountsOn } from '../allowances/payoutAmounts';
import { authorize, type Actor } from '../policies';
import { type Data, first } from '../db/client';

export interface PayoutClaim {
	id: string;
	reference: string;
	personId: string;
	personName: string;
	meetingTitle: string;
	meetingStartsAt: Date;
	amountCents: number;
	hasAccount: boolean;
	paidAt: Date | null;
}

async function claimsWhere(data: Data, where: ReturnType<typeof and>): Promise<PayoutClaim[]> {
	const { allowancePayees, claims, people } = data.t;
	const rows = await data.q
		.select({
			id: claims.id,
			year: claims.year,
			number: claims.number,
			personId: claims.personId,
			personName: people.displayName,
			meetingTitle: claims.meetingTitle,
			meetingStartsAt: claims.meetingStartsAt,
			paidAt: claims.paidAt,
			iban: allowancePayees.iban,
			accountHolder: allowancePayees.accountHolder
		})
		.from(claims)
		.innerJoin(people, eq(people.id, claims.personId))
		.leftJoin(allowancePayees, and(eq(allowancePayees.conferenceId, claims.conferenceId), eq(allowancePayees.personId, claims.personId)))
		.where(where)
		.orderBy(asc(claims.year), asc(claims.number));
	const amounts = await payoutAmountsOn(
		data,
		rows.map((r) => r.id)
	);
	return rows.map((r) => ({
		id: r.id,
		reference: claimReference(r),
		personId: r.personId,
		personName: r.personName,
		meetingTitle: r.meetingTitle,
		meetingStartsAt: r.meetingStartsAt,
		amountCents: amounts.get(r.id) ?? 0,
		hasAccount: Boolean(r.iban && r.accountHolder?.trim()),
		paidAt: r.paidAt
	}));
}

/** The payouts page: released claims waiting for a file, the files so far, and whether the office's account is set. Office only. */
export async function payoutOverview(data: Data, actor: Actor, conferenceId: string) {
	const { claims, payoutAccounts, payoutBatches } = data.t;
	authorize(actor, 'payout.list', { conferenceId });
	const ready = await claimsWhere(data, and(eq(claims.conferenceId, conferenceId), eq(claims.status, 'released')));
	const batches = await data.q
		.select({
			id: payoutBatches.id,
			number: payoutBatches.number,
			executionDate: payoutBatches.executionDate,
			transferCount: payoutBatches.transferCount,
			totalCents: payoutBatches.totalCents,
			createdAt: payoutBatches.createdAt
		})
		.from(payoutBatches)
		.where(eq(payoutBatches.conferenceId, conferenceId))
		.orderBy(desc(payoutBatches.number));
	const hasPayoutAccount =
		first(await data.q.select({ id: payoutAccounts.conferenceId }).from(payoutAccounts).where(eq(payoutAccounts.conferenceId, conferenceId))) !== undefined;
	return { ready, batches, hasPayoutAccount };
}

/** One file with the claims it paid, or null when the conference has no such batch. Office only. */
export async function payoutBatch(data: Data, actor: Actor, conferenceId: string, batchId: string) {
	const { claims, payoutBatches } = data.t;
	authorize(actor, 'payout.list', { conferenceId });
	const batch = first(
		await data.q
			.select()
			.from(payoutBatches)
			.where(and(eq(payoutBatches.id, batchId), eq(payoutBatches.conferenceId, conferenceId)))
	);
	if (!batch) return null;
	return { batch, claims: await claimsWhere(data, and(eq(claims.conferenceId, conferenceId), eq(claims.batchId, batchId))) };
}
