import { and, eq, inArray, sql } from 'drizzle-orm';
import { canMove } from '../../domain/allowances/steps';
import { claimReference } from '../allowances/claims';
import { payoutAmountsOn } from '../allowances/payoutAmounts';
import { executionDateOk } from '../allowances/payoutDates';
import { PayoutRefusal } from '../allowances/payoutRefusal';
import { buildCreditTransfer } from '../allowances/sepa/creditTransfer';
import { remittanceFor } from '../allowances/sepa/remittance';
import { recordAuditIn, recordAuditsIn } from '../audit/record';
import { changedRows, first, type Data } from '../db/client';
import { lockForUpdate, lockRows } from '../db/locks';
import { transactOn } from '../effects/transactOn';
import { newId } from '../ids';
import { claimStepMailKey } from '../jobs/kinds/mailClaimStep';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';

export interface CreatePayoutBatchInput {
	conferenceId: string;
	claimIds: readonly string[];
	/** YYYY-MM-DD, today or later (Berlin). */
	executionDate: string;
	origin: string;
	now?: Date;
}

/**
 * The office pays released claims: one SEPA transfer per claim in one pain.001.001.09 file, kept
 * as built with its totals; the claims are paid (with the batch) in the same transaction, each
 * person is told by mail, and all of it is audited. Refused as a whole when any claim cannot be
 * paid (not released, no IBAN or account holder, nothing to pay), naming those claims, so the
 * file the office hands to the bank is exactly what the list showed.
 *
 * On PostgreSQL (README, "Rules that span rows") the claims' rows are held first (`lockRows`, in id
 * order), then the conference's row (batch numbers per conference), before anything is read: a
 * second batch naming a claim of this one waits, then reads it paid and is refused by name.
 */
export async function createPayoutBatch(data: Data, actor: Actor, input: CreatePayoutBatchInput) {
	authorize(actor, 'payout.create', { conferenceId: input.conferenceId });
	const now = input.now ?? new Date();
	const claimIds = [...new Set(input.claimIds)];
	if (claimIds.length === 0) throw new CommandError('payout_no_claims', 'claimIds');
	if (!executionDateOk(input.executionDate, now)) throw new CommandError('payout_execution_date_invalid', 'executionDate');

	const { allowancePayees, claims, conferences, payoutAccounts, payoutBatches, people } = data.t;
	return transactOn(data, async (tx, effects) => {
		await lockRows(data, tx, claims, claimIds);
		await lockForUpdate(data, tx, conferences, input.conferenceId);
		const account = first(await tx.select().from(payoutAccounts).where(eq(payoutAccounts.conferenceId, input.conferenceId)));
		if (!account) throw new CommandError('payout_account_missing');

		const rows = await tx
			.select({
				id: claims.id,
				year: claims.year,
				number: claims.number,
				status: claims.status,
				personId: claims.personId,
				meetingTitle: claims.meetingTitle,
				meetingStartsAt: claims.meetingStartsAt,
				personName: people.displayName,
				accountHolder: allowancePayees.accountHolder,
				iban: allowancePayees.iban
			})
			.from(claims)
			.innerJoin(people, eq(people.id, claims.personId))
			.leftJoin(allowancePayees, and(eq(allowancePayees.conferenceId, claims.conferenceId), eq(allowancePayees.personId, claims.personId)))
			.where(and(eq(claims.conferenceId, input.conferenceId), inArray(claims.id, claimIds)))
			.orderBy(claims.year, claims.number);
		if (rows.length !== claimIds.length) throw new CommandError('not_found', 'claimIds');
		const named = (r: (typeof rows)[number]) => `${claimReference(r)} (${r.personName})`;

		const notReleased = rows.filter((r) => !canMove(r.status, 'paid'));
		if (notReleased.length > 0) throw new PayoutRefusal('payout_claim_not_released', notReleased.map(named));
		const noAccount = rows.filter((r) => !r.iban || !r.accountHolder?.trim());
		if (noAccount.length > 0) throw new PayoutRefusal('payout_payee_incomplete', noAccount.map(named));
		const amounts = await payoutAmountsOn(data, claimIds, tx);
		const nothingToPay = rows.filter((r) => amounts.get(r.id)! <= 0);
		if (nothingToPay.length > 0) throw new PayoutRefusal('payout_amount_not_positive', nothingToPay.map(named));

		const batchId = newId();
		const number = Number(
			first(
				await tx
					.select({ n: sql<number | string>`coalesce(max(${payoutBatches.number}), 0) + 1` })
					.from(payoutBatches)
					.where(eq(payoutBatches.conferenceId, input.conferenceId))
			)!.n
		);
		// Readable (the batch's number) and unique across conferences and installations (its id).
		const messageId = `AE-${number}-${batchId}`;
		const { xml, totalCents } = buildCreditTransfer({
			messageId,
			createdAt: now,
			executionDate: input.executionDate,
			debtor: { name: account.debtorName, iban: account.debtorIban, bic: account.debtorBic },
			transfers: rows.map((r) => ({
				endToEndId: claimReference(r),
				amountCents: amounts.get(r.id)!,
				creditorName: r.accountHolder!,
				creditorIban: r.iban!,
				remittance: remittanceFor(claimReference(r), r.meetingTitle, r.meetingStartsAt)
			}))
		});

		await tx.insert(payoutBatches).values({
			id: batchId,
			conferenceId: input.conferenceId,
			number,
			messageId,
			executionDate: input.executionDate,
			transferCount: rows.length,
			totalCents,
			xml,
			createdAt: now,
			createdByPersonId: actor.personId
		});
		const paid = changedRows(
			await tx
				.update(claims)
				.set({ status: 'paid', paidAt: now, batchId, updatedAt: now })
				.where(and(inArray(claims.id, claimIds), eq(claims.status, 'released')))
		);
		// Checked above in this transaction, under the claims' locks; a mismatch means someone else's write got in between.
		if (paid !== rows.length) throw new Error('payout: claims changed while the batch was built');

		await recordAuditIn(data, tx, actor, {
			action: 'payout.create',
			conferenceId: input.conferenceId,
			subjectType: 'payout_batch',
			subjectId: batchId,
			after: { number, messageId, executionDate: input.executionDate, transferCount: rows.length, totalCents }
		});
		await recordAuditsIn(
			data,
			tx,
			actor,
			rows.map((r) => ({
				action: 'claim.pay',
				conferenceId: input.conferenceId,
				subjectType: 'claim',
				subjectId: r.id,
				before: { status: r.status },
				after: { status: 'paid', batchId, amountCents: amounts.get(r.id) }
			}))
		);
		await effects.jobs(
			'mail.claimStep',
			rows.map((r) => ({
				payload: { claimId: r.id, step: 'paid' as const, origin: input.origin },
				options: { key: claimStepMailKey({ claimId: r.id, step: 'paid' }), conferenceId: input.conferenceId }
			}))
		);
		return { batchId, number, messageId, transferCount: rows.length, totalCents };
	});
}
