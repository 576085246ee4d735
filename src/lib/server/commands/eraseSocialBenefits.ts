import { and, eq } from 'drizzle-orm';
import { changedRows, type Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects/transactOn';
import { requireConferencePersonOn } from './support/guards';

/**
 * Consent withdrawn, or the answer no longer needed: the row is deleted, the one deletion in the
 * allowances (it is no booking record). The audit notes the erasure, never what was stored.
 */
export async function eraseSocialBenefits(data: Data, actor: Actor, input: { conferenceId: string; personId: string }) {
	authorize(actor, 'socialBenefits.update', { conferenceId: input.conferenceId, personId: input.personId });
	const { socialBenefitFlags } = data.t;
	return transactOn(data, async (tx) => {
		await requireConferencePersonOn(data, input.conferenceId, input.personId, undefined, tx);
		const erased = changedRows(
			await tx.delete(socialBenefitFlags).where(and(eq(socialBenefitFlags.conferenceId, input.conferenceId), eq(socialBenefitFlags.personId, input.personId)))
		);
		await recordAuditIn(data, tx, actor, {
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
