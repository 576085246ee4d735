import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { diversityProfiles } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';

/**
 * Erases a self-description at the person's wish (themselves, or the office on their request):
 * the row is deleted, not blanked. Audited as erased, only when there was something to erase.
 */
export function eraseDiversityProfile(db: Db, actor: Actor, input: { conferenceId: string; personId: string }) {
	authorize(actor, 'diversity.record', input);
	return transact(db, (tx) => {
		const erased = tx
			.delete(diversityProfiles)
			.where(and(eq(diversityProfiles.conferenceId, input.conferenceId), eq(diversityProfiles.personId, input.personId)))
			.run().changes;
		if (erased > 0)
			recordAudit(tx, actor, {
				action: 'diversity.erased',
				conferenceId: input.conferenceId,
				subjectType: 'person',
				subjectId: input.personId,
				after: { byThemselves: actor.personId === input.personId }
			});
		return { erased: erased > 0 };
	});
}
