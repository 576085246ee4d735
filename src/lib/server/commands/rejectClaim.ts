import { and, eq } from 'drizzle-orm';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { transactOn } from '../effects/transactOn';
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
export async function rejectClaim(data: Data, actor: Actor, input: RejectClaimInput) {
	await claimForStep(data, actor, input, 'claim.approve', 'rejected');
	const reason = requireReason(input.reason);
	const now = input.now ?? new Date();
	const { claimLines, claims } = data.t;
	return transactOn(data, async (tx, effects) => {
		// The claim's row held first (`claimForStep` with `tx`): an approval at the same time is read, not overwritten.
		const claim = await claimForStep(data, actor, input, 'claim.approve', 'rejected', tx);
		await tx
			.update(claimLines)
			.set({ status: 'rejected', decidedAt: now, decidedByPersonId: actor.personId })
			.where(and(eq(claimLines.claimId, claim.id), eq(claimLines.status, 'open')));
		await tx.update(claims).set({ status: 'rejected', reason, updatedAt: now }).where(eq(claims.id, claim.id));
		await recordAuditIn(data, tx, actor, {
			action: 'claim.reject',
			conferenceId: claim.conferenceId,
			subjectType: 'claim',
			subjectId: claim.id,
			before: { status: claim.status },
			after: { status: 'rejected', personId: claim.personId, reason }
		});
		await declareClaimMail(effects, claim, 'rejected', input.origin);
		return { status: 'rejected' as const };
	});
}
