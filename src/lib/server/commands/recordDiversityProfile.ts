import { and, eq } from 'drizzle-orm';
import type { AgeBand, ExperienceAnswer, Gender } from '../../domain/members';
import type { Db } from '../db';
import { diversityProfiles } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { CommandError } from './support/errors';
import { requireConferencePerson } from './support/guards';

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
 */
export function recordDiversityProfile(
	db: Db,
	actor: Actor,
	input: DiversityAnswers & { conferenceId: string; personId: string; consent: boolean; now?: Date }
) {
	authorize(actor, 'diversity.record', input);
	if (!input.consent) throw new CommandError('diversity_consent_required', 'consent');
	const now = input.now ?? new Date();
	return transact(db, (tx) => {
		requireConferencePerson(tx, input.conferenceId, input.personId);
		const where = and(eq(diversityProfiles.conferenceId, input.conferenceId), eq(diversityProfiles.personId, input.personId));
		const existing = tx.select({ personId: diversityProfiles.personId }).from(diversityProfiles).where(where).get();
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
			tx.update(diversityProfiles)
				.set({ ...answers, consentRecordedAt: now, consentRecordedBy: actor.personId, updatedAt: now })
				.where(where)
				.run();
		else
			tx.insert(diversityProfiles)
				.values({ conferenceId: input.conferenceId, personId: input.personId, ...answers, consentRecordedAt: now, consentRecordedBy: actor.personId })
				.run();
		recordAudit(tx, actor, {
			action: existing ? 'diversity.changed' : 'diversity.recorded',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: input.personId,
			after: { byThemselves: actor.personId === input.personId }
		});
	});
}
