import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { supportProfiles } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { requireConferencePerson } from './support/guards';

export interface SupportInput {
	selfAdvocate: boolean;
	needsSignLanguage: boolean;
	needsStepFreeAccess: boolean;
	needsCompanion: boolean;
}

/**
 * Health data is kept only while consent is on record. Without consent the profile is erased,
 * and the audit log notes that it changed, never what it said.
 */
export function recordSupportProfile(db: Db, actor: Actor, input: SupportInput & { conferenceId: string; personId: string; consent: boolean }) {
	authorize(actor, 'person.updateSupport', input);
	return db.transaction((tx) => {
		requireConferencePerson(tx, input.conferenceId, input.personId);
		const where = and(eq(supportProfiles.conferenceId, input.conferenceId), eq(supportProfiles.personId, input.personId));
		const existing = tx.select().from(supportProfiles).where(where).get();
		const flags: SupportInput = {
			selfAdvocate: input.selfAdvocate,
			needsSignLanguage: input.needsSignLanguage,
			needsStepFreeAccess: input.needsStepFreeAccess,
			needsCompanion: input.needsCompanion
		};
		if (!input.consent) {
			tx.delete(supportProfiles).where(where).run();
		} else if (existing) {
			// Consent was already on record; only the flags change, the consent record stays.
			tx.update(supportProfiles).set(flags).where(where).run();
		} else {
			tx.insert(supportProfiles)
				.values({
					conferenceId: input.conferenceId,
					personId: input.personId,
					...flags,
					consentRecordedAt: new Date(),
					consentRecordedBy: actor.personId
				})
				.run();
		}
		recordAudit(tx, actor, {
			action: input.consent ? 'person.supportRecorded' : 'person.supportErased',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: input.personId,
			before: { consent: existing !== undefined },
			after: { consent: input.consent }
		});
	});
}
