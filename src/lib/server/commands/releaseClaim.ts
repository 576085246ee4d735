import { and, eq } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { lockRow } from '../db/locks';
import { recordAuditIn } from '../audit/record';
import { claimAmountOn } from '../allowances/totals';
import { transactOn } from '../effects/transactOn';
import type { Actor } from '../policies';
import { claimForStep, declareClaimMail } from './support/claimStep';
import { CommandError } from './support/errors';

export interface ReleaseClaimInput {
	conferenceId: string;
	claimId: string;
	origin: string;
	now?: Date;
}

/**
 * A second office member releases an approved claim for payout (four eyes): never the one who
 * approved it, never the claimant, and never whoever changed the payee's account since the
 * approval. The database holds the first rule too (`claims_four_eyes`).
 *
 * On PostgreSQL (README, "Rules that span rows") the claim's row is held first (`claimForStep`),
 * then the payee's row (`lockRow`) before it is read: a change of the account at the same time
 * waits for this release and then sees it (and takes it back, as `updatePayee` does).
 */
export async function releaseClaim(data: Data, actor: Actor, input: ReleaseClaimInput) {
	await claimForStep(data, actor, input, 'claim.release', 'released');
	const now = input.now ?? new Date();
	const { allowancePayees, claims } = data.t;
	return transactOn(data, async (tx, effects) => {
		const claim = await claimForStep(data, actor, input, 'claim.release', 'released', tx);
		const payeeRow = and(eq(allowancePayees.conferenceId, claim.conferenceId), eq(allowancePayees.personId, claim.personId))!;
		await lockRow(data, tx, allowancePayees, payeeRow);
		const payee = first(
			await tx.select({ changedAt: allowancePayees.bankChangedAt, changedBy: allowancePayees.bankChangedByPersonId }).from(allowancePayees).where(payeeRow)
		);
		// Four eyes on where the money goes: whoever changed the account since the approval does not release.
		if (payee?.changedBy === actor.personId && payee.changedAt && claim.approvedAt && payee.changedAt >= claim.approvedAt)
			throw new CommandError('claim_bank_changed_by_releaser');
		await tx.update(claims).set({ status: 'released', releasedAt: now, releasedByPersonId: actor.personId, updatedAt: now }).where(eq(claims.id, claim.id));
		const { approvedCents } = await claimAmountOn(data, claim.id, tx);
		await recordAuditIn(data, tx, actor, {
			action: 'claim.release',
			conferenceId: claim.conferenceId,
			subjectType: 'claim',
			subjectId: claim.id,
			before: { status: claim.status },
			after: { status: 'released', personId: claim.personId, approvedCents }
		});
		await declareClaimMail(effects, claim, 'released', input.origin);
		return { status: 'released' as const, approvedCents };
	});
}
