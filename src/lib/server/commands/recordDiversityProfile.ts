import { and, eq } from 'drizzle-orm';
import type { AgeBand, ExperienceAnswer, Gender } from '../../domain/members';
import { first, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects/transactOn';
import { CommandError } from './support/errors';
import { requireConferencePersonOn } from './support/guards';

export interface DiversityAnswers {
	ageBand: AgeBand;
	gender: Gender;
	disability: ExperienceAnswer;
	chronicIllness: ExperienceAnswer;
	psychiatric: ExperienceAnswer;
	migration: ExperienceAnswer;
	caringRelative: ExperienceAnswer;
}

/**
 * A voluntary self-description, by the person themselves or by the office from a signed paper
 * form. Nothing is stored without the consent box ticked. The audit says that it was recorded
 * and by whom, never what it says (Art. 9 DSGVO).
 *
 * On PostgreSQL the person's row is held before the profile is read, here and in the erasure
 * (README, "Rules that span rows"): two recordings at once do not both insert, and a recording
 * beside an erasure either comes after it (recorded anew) or before it (erased).
 */
export async function recordDiversityProfile(
	data: Data,
	actor: Actor,
	input: DiversityAnswers & { conferenceId: string; personId: string; consent: boolean; now?: Date }
) {
	authorize(actor, 'diversity.record', input);
	if (!input.consent) throw new CommandError('diversity_consent_required', 'consent');
	const now = input.now ?? new Date();
	const { diversityProfiles, people } = data.t;
	await transactOn(data, async (tx) => {
		await lockForUpdate(data, tx, people, input.personId);
		await requireConferencePersonOn(data, input.conferenceId, input.personId, undefined, tx);
		const where = and(eq(diversityProfiles.conferenceId, input.conferenceId), eq(diversityProfiles.personId, input.personId));
		const existing = first(await tx.select({ personId: diversityProfiles.personId }).from(diversityProfiles).where(where));
		const answers: DiversityAnswers = {
			ageBand: input.ageBand,
			gender: input.gender,
			disability: input.disability,
			chronicIllness: input.chronicIllness,
			psychiatric: input.psychiatric,
			migration: input.migration,
			caringRelative: input.caringRelative
		};
		if (existing)
			await tx
				.update(diversityProfiles)
				.set({ ...answers, consentRecordedAt: now, consentRecordedBy: actor.personId, updatedAt: now })
				.where(where);
		else
			await tx
				.insert(diversityProfiles)
				.values({ conferenceId: input.conferenceId, personId: input.personId, ...answers, consentRecordedAt: now, consentRecordedBy: actor.personId });
		await recordAuditIn(data, tx, actor, {
			action: existing ? 'diversity.changed' : 'diversity.recorded',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: input.personId,
			after: { byThemselves: actor.personId === input.personId }
		});
	});
}
