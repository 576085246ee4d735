import { and, eq } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects/transactOn';
import { CommandError } from './support/errors';
import { requireConferencePersonOn } from './support/guards';

/**
 * "Receives social benefits" decides which yearly limit warns (3,000 € instead of 960 €), and
 * tells of a person's means: kept only with their recorded consent, and the audit log notes that
 * it was recorded, never what it says. Without consent nothing is stored: the office erases what
 * is there with `eraseSocialBenefits`, a step of its own so it is never done by an unticked box.
 */
export async function recordSocialBenefits(
	data: Data,
	actor: Actor,
	input: { conferenceId: string; personId: string; receivesBenefits: boolean; consent: boolean; now?: Date }
) {
	authorize(actor, 'socialBenefits.update', { conferenceId: input.conferenceId, personId: input.personId });
	if (!input.consent) throw new CommandError('consent_required', 'consent');
	const now = input.now ?? new Date();
	const { socialBenefitFlags } = data.t;
	await transactOn(data, async (tx) => {
		await requireConferencePersonOn(data, input.conferenceId, input.personId, undefined, tx);
		const where = and(eq(socialBenefitFlags.conferenceId, input.conferenceId), eq(socialBenefitFlags.personId, input.personId));
		const existing = first(await tx.select().from(socialBenefitFlags).where(where));
		if (existing) {
			// Consent was on record already: the answer changes, the record of the consent stays.
			await tx.update(socialBenefitFlags).set({ receivesBenefits: input.receivesBenefits }).where(where);
		} else {
			await tx.insert(socialBenefitFlags).values({
				conferenceId: input.conferenceId,
				personId: input.personId,
				receivesBenefits: input.receivesBenefits,
				consentRecordedAt: now,
				consentRecordedByPersonId: actor.personId
			});
		}
		await recordAuditIn(data, tx, actor, {
			action: 'socialBenefits.recorded',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: input.personId,
			before: { consent: existing !== undefined },
			after: { consent: true }
		});
	});
}
