import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { allowancePayees, claims } from '../db/schema';
import { recordAudit } from '../audit/record';
import { claimAmount } from '../allowances/totals';
import { transact } from '../effects';
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
 */
export function releaseClaim(db: Db, actor: Actor, input: ReleaseClaimInput) {
	claimForStep(db, actor, input, 'claim.release', 'released');
	const now = input.now ?? new Date();
	return transact(db, (tx, effects) => {
		const claim = claimForStep(tx, actor, input, 'claim.release', 'released');
		const payee = tx
			.select({ changedAt: allowancePayees.bankChangedAt, changedBy: allowancePayees.bankChangedByPersonId })
			.from(allowancePayees)
			.where(and(eq(allowancePayees.conferenceId, claim.conferenceId), eq(allowancePayees.personId, claim.personId)))
			.get();
		// Four eyes on where the money goes: whoever changed the account since the approval does not release.
		if (payee?.changedBy === actor.personId && payee.changedAt && claim.approvedAt && payee.changedAt >= claim.approvedAt)
			throw new CommandError('claim_bank_changed_by_releaser');
		tx.update(claims).set({ status: 'released', releasedAt: now, releasedByPersonId: actor.personId, updatedAt: now }).where(eq(claims.id, claim.id)).run();
		const { approvedCents } = claimAmount(tx, claim.id);
		recordAudit(tx, actor, {
			action: 'claim.release',
			conferenceId: claim.conferenceId,
			subjectType: 'claim',
			subjectId: claim.id,
			before: { status: claim.status },
			after: { status: 'released', personId: claim.personId, approvedCents }
		});
		declareClaimMail(effects, claim, 'released', input.origin);
		return { status: 'released' as const, approvedCents };
	});
}
