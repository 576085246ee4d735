import { canMove } from '../../../domain/allowances/steps';
import type { ClaimStatus } from '../../../domain/allowances/types';
import { CLAIM_REASON_MAX, cleanReason } from '../../../domain/allowances/decisions';
import type { Data, Query } from '../../db/client';
import { claimSubject, holdClaim, requireClaimOn, type ClaimRow } from '../../allowances/claims';
import type { DataEffects } from '../../effects/transactOn';
import { claimStepMailKey, type ClaimMailStep } from '../../jobs/kinds/mailClaimStep';
import { authorize, type Actor } from '../../policies';
import { CommandError } from './errors';

type DecidingAction = 'claim.approve' | 'claim.release' | 'claim.reverse';

/** Claims whose decided lines can be reversed by a counter-entry. */
const REVERSIBLE: readonly ClaimStatus[] = ['approved', 'released', 'paid'];

/**
 * The claim, if this actor may take this step on it now. Asked twice by every command: before the
 * transaction (a refusal costs nothing) and inside it, where the answer counts. The policy already
 * keeps people from deciding their own claim and the approver from releasing; the command says so
 * again, because a rule edited by mistake must not open the till.
 *
 * Inside the transaction (`tx` given) the claim's row is held for update before it is read (README,
 * "Rules that span rows"): a second step at the same time waits, then reads the first one's
 * result (`claim_wrong_status`) instead of writing over it.
 */
export async function claimForStep(
	data: Data,
	actor: Actor,
	input: { conferenceId: string; claimId: string },
	action: DecidingAction,
	to: ClaimStatus | null,
	tx?: Query
): Promise<ClaimRow> {
	const claim = tx ? await holdClaim(data, tx, input.conferenceId, input.claimId) : await requireClaimOn(data, input.conferenceId, input.claimId);
	// Whoever may see the claim is told in words why a step cannot be taken (a second click, a
	// step already taken by a colleague, their own claim), before the policy says no to it.
	authorize(actor, 'claim.view', claimSubject(claim));
	if (claim.personId === actor.personId) throw new CommandError('claim_own');
	if (action === 'claim.release' && claim.approvedByPersonId === actor.personId) throw new CommandError('claim_same_approver');
	// Approving decides line by line (approved or rejected follows); reversing needs a decided claim.
	const movable = to !== null ? canMove(claim.status, to) : action === 'claim.reverse' ? REVERSIBLE.includes(claim.status) : claim.status === 'submitted';
	if (!movable) throw new CommandError('claim_wrong_status');
	authorize(actor, action, claimSubject(claim));
	return claim;
}

/** A reason the person will read: required, trimmed, not longer than a form takes. */
export function requireReason(reason: string | null | undefined, field = 'reason'): string {
	const cleaned = cleanReason(reason);
	if (cleaned === null) throw new CommandError('claim_reason_required', field);
	if (cleaned.length > CLAIM_REASON_MAX) throw new CommandError('claim_reason_too_long', field);
	return cleaned;
}

/** The person is told of the step by mail, after the commit (once per claim and step while the first is waiting). */
export async function declareClaimMail(effects: DataEffects, claim: Pick<ClaimRow, 'id' | 'conferenceId'>, step: ClaimMailStep, origin: string): Promise<void> {
	await effects.job(
		'mail.claimStep',
		{ claimId: claim.id, step, origin },
		{ key: claimStepMailKey({ claimId: claim.id, step }), conferenceId: claim.conferenceId }
	);
}
