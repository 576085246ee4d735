import { and, eq, inArray, isNotNull, notExists } from 'drizzle-orm';
import { recordAudit } from '../audit/record';
import type { Db } from '../db';
import { allowancePayees, claims } from '../db/schema';
import { transact } from '../effects';
import { authorize, type Actor } from '../policies';

/** Claims that still lead to a transfer: their payee's IBAN is needed. */
const WAITING_FOR_PAYOUT = ['submitted', 'approved', 'released'] as const;

/**
 * After payout the office may erase the IBANs it no longer needs (data minimisation): every payee
 * of the conference with no claim still waiting for a transfer. The payee row, the account holder
 * and the batches' files stay (booking records); the audit names how many, not which accounts.
 */
export function eraseIbans(db: Db, actor: Actor, input: { conferenceId: string; now?: Date }) {
	authorize(actor, 'payee.eraseIbans', { conferenceId: input.conferenceId });
	const now = input.now ?? new Date();
	return transact(db, (tx) => {
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
		const erased = tx
			.update(allowancePayees)
			.set({ iban: null, ibanErasedAt: now, updatedAt: now, updatedByPersonId: actor.personId })
			.where(and(eq(allowancePayees.conferenceId, input.conferenceId), isNotNull(allowancePayees.iban), notExists(waiting)))
			.run().changes;
		recordAudit(tx, actor, {
			action: 'payee.eraseIbans',
			conferenceId: input.conferenceId,
			subjectType: 'conference',
			subjectId: input.conferenceId,
			after: { erased }
		});
		return { erased };
	});
}
