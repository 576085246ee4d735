import { and, eq } from 'drizzle-orm';
import { claimSubject, requireClaim } from '../allowances/claims';
import { recordAudit } from '../audit/record';
import type { Db } from '../db';
import { claimLines, claims } from '../db/schema';
import { transact } from '../effects';
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
export function withdrawClaimLine(db: Db, actor: Actor, input: WithdrawClaimLineInput): void {
	const claim = requireClaim(db, input.conferenceId, input.claimId);
	authorize(actor, 'claim.view', claimSubject(claim));
	if (claim.status !== 'draft') throw new CommandError('claim_not_draft');
	authorize(actor, 'claim.edit', claimSubject(claim));
	const now = input.now ?? new Date();
	transact(db, (tx) => {
		const current = requireClaim(tx, input.conferenceId, input.claimId);
		if (current.status !== 'draft') throw new CommandError('claim_not_draft');
		const line = tx
			.select()
			.from(claimLines)
			.where(and(eq(claimLines.id, input.lineId), eq(claimLines.claimId, current.id)))
			.get();
		if (!line) throw new CommandError('not_found', 'lineId');
		if (line.kind === 'flat' || line.status !== 'open') throw new CommandError('claim_line_not_withdrawable', 'lineId');
		tx.update(claimLines).set({ status: 'withdrawn' }).where(eq(claimLines.id, line.id)).run();
		tx.update(claims).set({ updatedAt: now }).where(eq(claims.id, current.id)).run();
		recordAudit(tx, actor, {
			action: 'claim.withdrawLine',
			conferenceId: current.conferenceId,
			subjectType: 'claim',
			subjectId: current.id,
			before: { lineId: line.id, kind: line.kind, amountCents: line.amountCents, status: line.status },
			after: { lineId: line.id, status: 'withdrawn', onBehalf: actor.personId !== current.personId }
		});
	});
}
