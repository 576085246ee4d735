import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { socialBenefitFlags } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { requireConferencePerson } from './support/guards';

/**
 * Consent withdrawn, or the answer no longer needed: the row is deleted, the one deletion in the
 * allowances (it is no booking record). The audit notes the erasure, never what was stored.
 */
export function eraseSocialBenefits(db: Db, actor: Actor, input: { conferenceId: string; personId: string }) {
	authorize(actor, 'socialBenefits.update', { conferenceId: input.conferenceId, personId: input.personId });
	return transact(db, (tx) => {
		requireConferencePerson(tx, input.conferenceId, input.personId);
		const erased = tx
			.delete(socialBenefitFlags)
			.where(and(eq(socialBenefitFlags.conferenceId, input.conferenceId), eq(socialBenefitFlags.personId, input.personId)))
			.run().changes;
		recordAudit(tx, actor, {
			action: 'socialBenefits.erased',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: input.personId,
			before: { consent: erased > 0 },
			after: { consent: false }
		});
		return { erased: erased > 0 };
	});
}
