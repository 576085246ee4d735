import { and, asc, desc, eq } from 'drizzle-orm';
import { claimReference } from '../allowances/claims';
import { payoutAmounts } from '../allowances/payoutAmounts';
import type { Db } from '../db';
import { allowancePayees, claims, payoutAccounts, payoutBatches, people } from '../db/schema';
import { authorize, type Actor } from '../policies';

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

function claimsWhere(db: Db, where: ReturnType<typeof and>): PayoutClaim[] {
	const rows = db
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
		.orderBy(asc(claims.year), asc(claims.number))
		.all();
	const amounts = payoutAmounts(
		db,
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
export function payoutOverview(db: Db, actor: Actor, conferenceId: string) {
	authorize(actor, 'payout.list', { conferenceId });
	const ready = claimsWhere(db, and(eq(claims.conferenceId, conferenceId), eq(claims.status, 'released')));
	const batches = db
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
		.orderBy(desc(payoutBatches.number))
		.all();
	const hasPayoutAccount =
		db.select({ id: payoutAccounts.conferenceId }).from(payoutAccounts).where(eq(payoutAccounts.conferenceId, conferenceId)).get() !== undefined;
	return { ready, batches, hasPayoutAccount };
}

/** One file with the claims it paid, or null when the conference has no such batch. Office only. */
export function payoutBatch(db: Db, actor: Actor, conferenceId: string, batchId: string) {
	authorize(actor, 'payout.list', { conferenceId });
	const batch = db
		.select()
		.from(payoutBatches)
		.where(and(eq(payoutBatches.id, batchId), eq(payoutBatches.conferenceId, conferenceId)))
		.get();
	if (!batch) return null;
	return { batch, claims: claimsWhere(db, and(eq(claims.conferenceId, conferenceId), eq(claims.batchId, batchId))) };
}
