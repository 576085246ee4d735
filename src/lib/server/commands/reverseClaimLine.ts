import { and, eq } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { isUniqueViolation } from '../db/uniqueViolation';
import { recordAuditIn } from '../audit/record';
import { transactOn } from '../effects/transactOn';
import type { Actor } from '../policies';
import { CommandError } from './support/errors';
import { claimForStep, declareClaimMail, requireReason } from './support/claimStep';

export interface ReverseClaimLineInput {
	conferenceId: string;
	claimId: string;
	lineId: string;
	/** Why the line is taken back, in plain words. */
	reason: string;
	origin: string;
	now?: Date;
}

/**
 * Takes back an approved line of an approved, released or paid claim by a counter-entry: a
 * `reversal` line of the negative amount, with its reason. Nothing is changed or deleted (a paid
 * claim cannot be, by trigger): the year's total and the person's page show the correction, and
 * a line is reversed at most once (unique index). Money already paid is settled outside the app.
 */
export async function reverseClaimLine(data: Data, actor: Actor, input: ReverseClaimLineInput) {
	await claimForStep(data, actor, input, 'claim.reverse', null);
	const reason = requireReason(input.reason);
	const now = input.now ?? new Date();
	const { claimLines } = data.t;
	return transactOn(data, async (tx, effects) => {
		// The claim's row held first (`claimForStep` with `tx`): a second reversal of the line at the same time waits, then finds this one.
		const claim = await claimForStep(data, actor, input, 'claim.reverse', null, tx);
		const line = first(
			await tx
				.select()
				.from(claimLines)
				.where(and(eq(claimLines.id, input.lineId), eq(claimLines.claimId, claim.id)))
		);
		if (!line) throw new CommandError('claim_line_unknown', 'lineId');
		if (line.kind === 'reversal' || line.status !== 'approved') throw new CommandError('claim_line_not_reversible', 'lineId');
		const reversed = first(await tx.select({ id: claimLines.id }).from(claimLines).where(eq(claimLines.reversesLineId, line.id)));
		if (reversed) throw new CommandError('claim_line_already_reversed', 'lineId');
		// `claim_lines_one_reversal` backs it: its violation is the same refusal.
		const [counter] = await tx
			.insert(claimLines)
			.values({
				claimId: claim.id,
				kind: 'reversal',
				description: line.description,
				amountCents: -line.amountCents,
				status: 'approved',
				decidedAt: now,
				decidedByPersonId: actor.personId,
				reason,
				reversesLineId: line.id,
				createdAt: now,
				createdByPersonId: actor.personId
			})
			.returning({ id: claimLines.id })
			.catch((error: unknown) => {
				if (isUniqueViolation(error)) throw new CommandError('claim_line_already_reversed', 'lineId');
				throw error;
			});
		await recordAuditIn(data, tx, actor, {
			action: 'claim.reverseLine',
			conferenceId: claim.conferenceId,
			subjectType: 'claim',
			subjectId: claim.id,
			before: { lineId: line.id, amountCents: line.amountCents },
			after: { lineId: counter.id, reversesLineId: line.id, amountCents: -line.amountCents, personId: claim.personId, reason }
		});
		await declareClaimMail(effects, claim, 'reversed', input.origin);
		return { lineId: counter.id };
	});
}
