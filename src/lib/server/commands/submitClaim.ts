import { eq } from 'drizzle-orm';
import { canMove } from '../../domain/allowances/steps';
import { claimSubject, holdClaim, requireClaimOn } from '../allowances/claims';
import { claimAmountOn } from '../allowances/totals';
import { recordAuditIn } from '../audit/record';
import type { Data } from '../db/client';
import { transactOn } from '../effects/transactOn';
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
export async function submitClaim(data: Data, actor: Actor, input: SubmitClaimInput): Promise<void> {
	const claim = await requireClaimOn(data, input.conferenceId, input.claimId);
	authorize(actor, 'claim.view', claimSubject(claim));
	if (!canMove(claim.status, 'submitted')) throw new CommandError('claim_not_draft');
	authorize(actor, 'claim.submit', claimSubject(claim));
	if (input.declaration !== true) throw new CommandError('claim_declaration_required', 'declaration');
	const now = input.now ?? new Date();
	const { claims } = data.t;
	await transactOn(data, async (tx) => {
		// The claim's row held first: a line withdrawn or a second submit at the same time reads what this one committed.
		const current = await holdClaim(data, tx, input.conferenceId, input.claimId);
		if (!canMove(current.status, 'submitted')) throw new CommandError('claim_not_draft');
		await tx
			.update(claims)
			.set({ status: 'submitted', declaredAt: now, declaredByPersonId: actor.personId, submittedAt: now, updatedAt: now })
			.where(eq(claims.id, current.id));
		await recordAuditIn(data, tx, actor, {
			action: 'claim.submit',
			conferenceId: current.conferenceId,
			subjectType: 'claim',
			subjectId: current.id,
			before: { status: current.status },
			after: { status: 'submitted', claimedCents: (await claimAmountOn(data, current.id, tx)).claimedCents, onBehalf: actor.personId !== current.personId }
		});
	});
}
