import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { claimLines, claims } from '../db/schema';
import { recordAudit } from '../audit/record';
import { transact } from '../effects';
import type { Actor } from '../policies';
import { claimForStep, declareClaimMail, requireReason } from './support/claimStep';

export interface RejectClaimInput {
	conferenceId: string;
	claimId: string;
	/** Why, in plain words: the person reads it in their mail and on their page. */
	reason: string;
	origin: string;
	now?: Date;
}

/**
 * The office rejects a submitted claim as a whole (a meeting the person was not at, a claim made
 * twice). Its open lines are rejected with it; the reason is the claim's and is told to the person.
 */
export function rejectClaim(db: Db, actor: Actor, input: RejectClaimInput) {
	claimForStep(db, actor, input, 'claim.approve', 'rejected');
	const reason = requireReason(input.reason);
	const now = input.now ?? new Date();
	return transact(db, (tx, effects) => {
		const claim = claimForStep(tx, actor, input, 'claim.approve', 'rejected');
		tx.update(claimLines)
			.set({ status: 'rejected', decidedAt: now, decidedByPersonId: actor.personId })
			.where(and(eq(claimLines.claimId, claim.id), eq(claimLines.status, 'open')))
			.run();
		tx.update(claims).set({ status: 'rejected', reason, updatedAt: now }).where(eq(claims.id, claim.id)).run();
		recordAudit(tx, actor, {
			action: 'claim.reject',
			conferenceId: claim.conferenceId,
			subjectType: 'claim',
			subjectId: claim.id,
			before: { status: claim.status },
			after: { status: 'rejected', personId: claim.personId, reason }
		});
		declareClaimMail(effects, claim, 'rejected', input.origin);
		return { status: 'rejected' as const };
	});
}
