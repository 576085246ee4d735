import { and, eq } from 'drizzle-orm';
import { claimSubject, holdClaim, requireClaimOn } from '../allowances/claims';
import { recordAuditIn } from '../audit/record';
import { first, type Data } from '../db/client';
import { transactOn } from '../effects/transactOn';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';

export interface WithdrawClaimLineInput {
	conferenceId: string;
	claimId: string;
	lineId: string;
	now?: Date;
}

/**
 * Takes back a line added by mistake while the claim is a draft. The line stays, marked
 * `withdrawn` (nothing is deleted; it no longer counts). The meeting's flat line is what the
 * claim is for: it cannot be withdrawn.
 */
export async function withdrawClaimLine(data: Data, actor: Actor, input: WithdrawClaimLineInput): Promise<void> {
	const claim = await requireClaimOn(data, input.conferenceId, input.claimId);
	authorize(actor, 'claim.view', claimSubject(claim));
	if (claim.status !== 'draft') throw new CommandError('claim_not_draft');
	authorize(actor, 'claim.edit', claimSubject(claim));
	const now = input.now ?? new Date();
	const { claimLines, claims } = data.t;
	await transactOn(data, async (tx) => {
		// The claim's row held first: a submit at the same time either comes before (refused here) or after.
		const current = await holdClaim(data, tx, input.conferenceId, input.claimId);
		if (current.status !== 'draft') throw new CommandError('claim_not_draft');
		const line = first(
			await tx
				.select()
				.from(claimLines)
				.where(and(eq(claimLines.id, input.lineId), eq(claimLines.claimId, current.id)))
		);
		if (!line) throw new CommandError('not_found', 'lineId');
		if (line.kind === 'flat' || line.status !== 'open') throw new CommandError('claim_line_not_withdrawable', 'lineId');
		await tx.update(claimLines).set({ status: 'withdrawn' }).where(eq(claimLines.id, line.id));
		await tx.update(claims).set({ updatedAt: now }).where(eq(claims.id, current.id));
		await recordAuditIn(data, tx, actor, {
			action: 'claim.withdrawLine',
			conferenceId: current.conferenceId,
			subjectType: 'claim',
			subjectId: current.id,
			before: { lineId: line.id, kind: line.kind, amountCents: line.amountCents, status: line.status },
			after: { lineId: line.id, status: 'withdrawn', onBehalf: actor.personId !== current.personId }
		});
	});
}
