import { and, eq, inArray, sql } from 'drizzle-orm';
import { canMove } from '../../domain/allowances/steps';
import { claimReference } from '../allowances/claims';
import { payoutAmounts } from '../allowances/payoutAmounts';
import { executionDateOk } from '../allowances/payoutDates';
import { PayoutRefusal } from '../allowances/payoutRefusal';
import { buildCreditTransfer } from '../allowances/sepa/creditTransfer';
import { remittanceFor } from '../allowances/sepa/remittance';
import { recordAudit } from '../audit/record';
import type { Db } from '../db';
import { allowancePayees, claims, payoutAccounts, payoutBatches, people } from '../db/schema';
import { transact } from '../effects';
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
 */
export function createPayoutBatch(db: Db, actor: Actor, input: CreatePayoutBatchInput) {
	authorize(actor, 'payout.create', { conferenceId: input.conferenceId });
	const now = input.now ?? new Date();
	const claimIds = [...new Set(input.claimIds)];
	if (claimIds.length === 0) throw new CommandError('payout_no_claims', 'claimIds');
	if (!executionDateOk(input.executionDate, now)) throw new CommandError('payout_execution_date_invalid', 'executionDate');

	return transact(db, (tx, effects) => {
		const account = tx.select().from(payoutAccounts).where(eq(payoutAccounts.conferenceId, input.conferenceId)).get();
		if (!account) throw new CommandError('payout_account_missing');

		const rows = tx
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
			.orderBy(claims.year, claims.number)
			.all();
		if (rows.length !== claimIds.length) throw new CommandError('not_found', 'claimIds');
		const named = (r: (typeof rows)[number]) => `${claimReference(r)} (${r.personName})`;

		const notReleased = rows.filter((r) => !canMove(r.status, 'paid'));
		if (notReleased.length > 0) throw new PayoutRefusal('payout_claim_not_released', notReleased.map(named));
		const noAccount = rows.filter((r) => !r.iban || !r.accountHolder?.trim());
		if (noAccount.length > 0) throw new PayoutRefusal('payout_payee_incomplete', noAccount.map(named));
		const amounts = payoutAmounts(tx, claimIds);
		const nothingToPay = rows.filter((r) => amounts.get(r.id)! <= 0);
		if (nothingToPay.length > 0) throw new PayoutRefusal('payout_amount_not_positive', nothingToPay.map(named));

		const batchId = newId();
		const number = tx
			.select({ n: sql<number>`coalesce(max(${payoutBatches.number}), 0) + 1` })
			.from(payoutBatches)
			.where(eq(payoutBatches.conferenceId, input.conferenceId))
			.get()!.n;
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

		tx.insert(payoutBatches)
			.values({
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
			})
			.run();
		const paid = tx
			.update(claims)
			.set({ status: 'paid', paidAt: now, batchId, updatedAt: now })
			.where(and(inArray(claims.id, claimIds), eq(claims.status, 'released')))
			.run();
		// Checked above in this transaction; a mismatch means someone else's write got in between.
		if (paid.changes !== rows.length) throw new Error('payout: claims changed while the batch was built');

		recordAudit(tx, actor, {
			action: 'payout.create',
			conferenceId: input.conferenceId,
			subjectType: 'payout_batch',
			subjectId: batchId,
			after: { number, messageId, executionDate: input.executionDate, transferCount: rows.length, totalCents }
		});
		for (const r of rows) {
			recordAudit(tx, actor, {
				action: 'claim.pay',
				conferenceId: input.conferenceId,
				subjectType: 'claim',
				subjectId: r.id,
				before: { status: r.status },
				after: { status: 'paid', batchId, amountCents: amounts.get(r.id) }
			});
			effects.job(
				'mail.claimStep',
				{ claimId: r.id, step: 'paid', origin: input.origin },
				{ key: claimStepMailKey({ claimId: r.id, step: 'paid' }), conferenceId: input.conferenceId }
			);
		}
		return { batchId, number, messageId, transferCount: rows.length, totalCents };
	});
}
