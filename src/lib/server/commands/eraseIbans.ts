import { and, eq, inArray, isNotNull, notExists } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { changedRows, type Data } from '../db/client';
import { transactOn } from '../effects/transactOn';
import { authorize, type Actor } from '../policies';

/** Claims that still lead to a transfer: their payee's IBAN is needed. */
const WAITING_FOR_PAYOUT = ['submitted', 'approved', 'released'] as const;

/**
 * After payout the office may erase the IBANs it no longer needs (data minimisation): every payee
 * of the conference with no claim still waiting for a transfer. The payee row, the account holder
 * and the batches' files stay (booking records); the audit names how many, not which accounts.
 */
export async function eraseIbans(data: Data, actor: Actor, input: { conferenceId: string; now?: Date }) {
	authorize(actor, 'payee.eraseIbans', { conferenceId: input.conferenceId });
	const now = input.now ?? new Date();
	const { allowancePayees, claims } = data.t;
	return transactOn(data, async (tx) => {
		const waiting = tx
			.select({ id: claims.id })
			.from(claims)
			.where(
				and(
					eq(claims.conferenceId, allowancePayees.conferenceId),
					eq(claims.personId, allowancePayees.personId),
					inArray(claims.status, [...WAITING_FOR_PAYOUT])
				)
			);
		const erased = changedRows(
			await tx
				.update(allowancePayees)
				.set({ iban: null, ibanErasedAt: now, updatedAt: now, updatedByPersonId: actor.personId })
				.where(and(eq(allowancePayees.conferenceId, input.conferenceId), isNotNull(allowancePayees.iban), notExists(waiting)))
		);
		await recordAuditIn(data, tx, actor, {
			action: 'payee.eraseIbans',
			conferenceId: input.conferenceId,
			subjectType: 'conference',
			subjectId: input.conferenceId,
			after: { erased }
		});
		return { erased };
	});
}
