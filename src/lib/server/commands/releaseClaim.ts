import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { claims } from '../db/schema';
import { recordAudit } from '../audit/record';
import { claimAmount } from '../allowances/totals';
import { transact } from '../effects';
import type { Actor } from '../policies';
import { claimForStep, declareClaimMail } from './support/claimStep';

export interface ReleaseClaimInput {
	conferenceId: string;
	claimId: string;
	origin: string;
	now?: Date;
}

/**
 * A second office member releases an approved claim for payout (four eyes): never the one who
 * approved it, never the claimant. The database holds the same rule (`claims_four_eyes`).
 */
export function releaseClaim(db: Db, actor: Actor, input: ReleaseClaimInput) {
	claimForStep(db, actor, input, 'claim.release', 'released');
	const now = input.now ?? new Date();
	return transact(db, (tx, effects) => {
		const claim = claimForStep(tx, actor, input, 'claim.release', 'released');
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
