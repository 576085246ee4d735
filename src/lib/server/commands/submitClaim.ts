import { eq } from 'drizzle-orm';
import { canMove } from '../../domain/allowances/steps';
import { claimSubject, requireClaim } from '../allowances/claims';
import { claimAmount } from '../allowances/totals';
import { recordAudit } from '../audit/record';
import type { Db } from '../db';
import { claims } from '../db/schema';
import { transact } from '../effects';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';

export interface SubmitClaimInput {
	conferenceId: string;
	claimId: string;
	/** The self-declaration: "my details are true", ticked by the person or by the office for them. */
	declaration: boolean;
	origin: string;
	now?: Date;
}

/**
 * Sends a draft to the office for its decision. Without the self-declaration nothing is sent.
 * The office may submit on the person's behalf (a person who signed the paper form, or asked by
 * phone): the declaration then names the office member, and the audit says it was on behalf.
 */
export function submitClaim(db: Db, actor: Actor, input: SubmitClaimInput): void {
	const claim = requireClaim(db, input.conferenceId, input.claimId);
	authorize(actor, 'claim.view', claimSubject(claim));
	if (!canMove(claim.status, 'submitted')) throw new CommandError('claim_not_draft');
	authorize(actor, 'claim.submit', claimSubject(claim));
	if (input.declaration !== true) throw new CommandError('claim_declaration_required', 'declaration');
	const now = input.now ?? new Date();
	transact(db, (tx) => {
		const current = requireClaim(tx, input.conferenceId, input.claimId);
		if (!canMove(current.status, 'submitted')) throw new CommandError('claim_not_draft');
		tx.update(claims)
			.set({ status: 'submitted', declaredAt: now, declaredByPersonId: actor.personId, submittedAt: now, updatedAt: now })
			.where(eq(claims.id, current.id))
			.run();
		recordAudit(tx, actor, {
			action: 'claim.submit',
			conferenceId: current.conferenceId,
			subjectType: 'claim',
			subjectId: current.id,
			before: { status: current.status },
			after: { status: 'submitted', claimedCents: claimAmount(tx, current.id).claimedCents, onBehalf: actor.personId !== current.personId }
		});
	});
}
