import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { supportProfiles } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { requireConferencePerson } from './guards';

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
export function recordSupportProfile(
	db: Db,
	actor: Actor,
	input: SupportInput & { conferenceId: string; personId: string; consent: boolean }
) {
	authorize(actor, 'person.updateSupport', input);
	return db.transaction((tx) => {
		requireConferencePerson(tx, input.conferenceId, input.personId);
		const existing = tx.select().from(supportProfiles).where(eq(supportProfiles.personId, input.personId)).get();
		const flags: SupportInput = {
			selfAdvocate: input.selfAdvocate,
			needsSignLanguage: input.needsSignLanguage,
			needsStepFreeAccess: input.needsStepFreeAccess,
			needsCompanion: input.needsCompanion
		};
		if (!input.consent) {
			tx.delete(supportProfiles).where(eq(supportProfiles.personId, input.personId)).run();
		} else if (existing) {
			tx.update(supportProfiles).set(flags).where(eq(supportProfiles.personId, input.personId)).run();
		} else {
			tx.insert(supportProfiles)
				.values({ personId: input.personId, ...flags, consentRecordedAt: new Date(), consentRecordedBy: actor.personId })
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
