import { and, eq } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { recordAuditIn } from '../audit/record';
import { transactOn } from '../effects/transactOn';
import { authorize, type Actor } from '../policies';
import { requireConferencePersonOn } from './support/guards';

export interface SupportInput {
	selfAdvocate: boolean;
	needsSignLanguage: boolean;
	needsStepFreeAccess: boolean;
	needsCompanion: boolean;
}

/**
 * Health data is kept only while consent is on record. Without consent the profile is erased,
 * and the audit log notes that it changed, never what it said.
 *
 * On PostgreSQL the person's row is held before the profile is read (README, "Rules that span
 * rows"): two recordings at once do not both insert, and each audits whether consent was on
 * record before it.
 */
export async function recordSupportProfile(data: Data, actor: Actor, input: SupportInput & { conferenceId: string; personId: string; consent: boolean }) {
	authorize(actor, 'person.updateSupport', input);
	const { people, supportProfiles } = data.t;
	await transactOn(data, async (tx) => {
		await lockForUpdate(data, tx, people, input.personId);
		await requireConferencePersonOn(data, input.conferenceId, input.personId, undefined, tx);
		const where = and(eq(supportProfiles.conferenceId, input.conferenceId), eq(supportProfiles.personId, input.personId));
		const existing = first(await tx.select().from(supportProfiles).where(where));
		const flags: SupportInput = {
			selfAdvocate: input.selfAdvocate,
			needsSignLanguage: input.needsSignLanguage,
			needsStepFreeAccess: input.needsStepFreeAccess,
			needsCompanion: input.needsCompanion
		};
		if (!input.consent) {
			await tx.delete(supportProfiles).where(where);
		} else if (existing) {
			// Consent was already on record; only the flags change, the consent record stays.
			await tx.update(supportProfiles).set(flags).where(where);
		} else {
			await tx.insert(supportProfiles).values({
				conferenceId: input.conferenceId,
				personId: input.personId,
				...flags,
				consentRecordedAt: new Date(),
				consentRecordedBy: actor.personId
			});
		}
		await recordAuditIn(data, tx, actor, {
			action: input.consent ? 'person.supportRecorded' : 'person.supportErased',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: input.personId,
			before: { consent: existing !== undefined },
			after: { consent: input.consent }
		});
	});
}
