import { and, eq } from 'drizzle-orm';
import { checkDecisions, type LineDecision } from '../../domain/allowances/decisions';
import { outcomeOfDecisions } from '../../domain/allowances/steps';
import { sumCents } from '../../domain/allowances/money';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { yearlyLimitCheckOn } from '../allowances/yearlyLimits';
import { transactOn } from '../effects/transactOn';
import type { Actor } from '../policies';
import { CommandError } from './support/errors';
import { claimForStep, declareClaimMail } from './support/claimStep';

export interface ApproveClaimInput {
	conferenceId: string;
	claimId: string;
	/** One decision per open line: approve, or reject with a reason in plain words. */
	decisions: LineDecision[];
	/** The office saw that the year's limit would be passed and approves all the same. */
	confirmOverLimit?: boolean;
	/** Where the link in the person's mail leads. */
	origin: string;
	now?: Date;
}

/**
 * The office decides a submitted claim line by line. With at least one line approved the claim is
 * approved (and waits for a second office member to release it); with none it is rejected, each
 * line saying why. An approval that would take the person past a yearly limit is refused until
 * the office confirms it, and the confirmation is kept on the claim and in the audit log.
 *
 * On PostgreSQL the transaction is SERIALIZABLE (README, "Rules that span rows"): the yearly sum
 * spans the person's claims of the year, which approvals of other claims write, so two approvals
 * of one person's claims at once cannot both pass the limit unseen; the loser runs again and sees
 * the winner. The claim's row is held too (`claimForStep`), against a second step on it.
 */
export async function approveClaim(data: Data, actor: Actor, input: ApproveClaimInput) {
	await claimForStep(data, actor, input, 'claim.approve', null);
	const now = input.now ?? new Date();
	const { claimLines, claims } = data.t;
	return transactOn(
		data,
		async (tx, effects) => {
			const claim = await claimForStep(data, actor, input, 'claim.approve', null, tx);
			if (claim.status !== 'submitted') throw new CommandError('claim_wrong_status');
			const lines = await tx.select().from(claimLines).where(eq(claimLines.claimId, claim.id)).orderBy(claimLines.createdAt, claimLines.id);
			const open = lines.filter((l) => l.status === 'open');
			const checked = checkDecisions(
				open.map((l) => l.id),
				input.decisions
			);
			if (!checked.ok) {
				const code = (
					{
						decision_missing: 'claim_decision_missing',
						line_unknown: 'claim_line_unknown',
						reason_required: 'claim_reason_required',
						reason_too_long: 'claim_reason_too_long'
					} as const
				)[checked.problem];
				throw new CommandError(
					code,
					`${checked.problem === 'decision_missing' || checked.problem === 'line_unknown' ? 'decision' : 'reason'}_${checked.lineId}`
				);
			}
			const decided = new Map(checked.decisions.map((d) => [d.lineId, d]));
			const after = lines.map((l) => ({ ...l, status: decided.has(l.id) ? (decided.get(l.id)!.approve ? 'approved' : 'rejected') : l.status }) as const);
			const outcome = outcomeOfDecisions(after)!;
			const approvedCents = sumCents(after.filter((l) => l.status === 'approved' || l.kind === 'reversal').map((l) => l.amountCents));

			// Measured before the claim counts, with what this decision approves added.
			const limits = outcome === 'approved' ? await yearlyLimitCheckOn(data, claim, approvedCents, tx) : null;
			const overLimit = limits?.level === 'over';
			if (overLimit && !input.confirmOverLimit) throw new CommandError('over_yearly_limit', 'confirmOverLimit');

			// A claim has a handful of lines: one update each. `status = 'open'` keeps a line decided once from being decided again.
			for (const d of checked.decisions)
				await tx
					.update(claimLines)
					.set({ status: d.approve ? 'approved' : 'rejected', decidedAt: now, decidedByPersonId: actor.personId, reason: d.reason })
					.where(and(eq(claimLines.id, d.lineId), eq(claimLines.status, 'open')));

			await tx
				.update(claims)
				.set(
					outcome === 'approved'
						? { status: 'approved', approvedAt: now, approvedByPersonId: actor.personId, overLimitConfirmedAt: overLimit ? now : null, updatedAt: now }
						: { status: 'rejected', updatedAt: now }
				)
				.where(eq(claims.id, claim.id));
			await recordAuditIn(data, tx, actor, {
				action: outcome === 'approved' ? 'claim.approve' : 'claim.reject',
				conferenceId: claim.conferenceId,
				subjectType: 'claim',
				subjectId: claim.id,
				before: { status: claim.status },
				after: {
					status: outcome,
					personId: claim.personId,
					approvedCents,
					lines: checked.decisions.map((d) => ({ lineId: d.lineId, approved: d.approve, reason: d.reason })),
					// What was confirmed, against the tax limit: it is passed whenever any limit is (the
					// benefits limit is higher), and naming the benefits limit would tell the log's
					// readers that the person receives benefits.
					...(overLimit
						? { overLimitConfirmed: true, yearlyLimitCents: limits!.standings[0].limitCents, withClaimCents: limits!.standings[0].withClaimCents }
						: {})
				}
			});
			await declareClaimMail(effects, claim, outcome, input.origin);
			return { status: outcome, approvedCents, overLimitConfirmed: overLimit };
		},
		{ isolation: 'serializable' }
	);
}
