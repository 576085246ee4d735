import { and, eq } from 'drizzle-orm';
import { changedRows, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects/transactOn';

/**
 * Erases a self-description at the person's wish (themselves, or the office on their request):
 * the row is deleted, not blanked. Audited as erased, only when there was something to erase.
 * Holds the person's row first, as the recording does (PostgreSQL).
 */
export async function eraseDiversityProfile(data: Data, actor: Actor, input: { conferenceId: string; personId: string }) {
	authorize(actor, 'diversity.record', input);
	const { diversityProfiles, people } = data.t;
	return transactOn(data, async (tx) => {
		await lockForUpdate(data, tx, people, input.personId);
		const erased = changedRows(
			await tx.delete(diversityProfiles).where(and(eq(diversityProfiles.conferenceId, input.conferenceId), eq(diversityProfiles.personId, input.personId)))
		);
		if (erased > 0)
			await recordAuditIn(data, tx, actor, {
				action: 'diversity.erased',
				conferenceId: input.conferenceId,
				subjectType: 'person',
				subjectId: input.personId,
				after: { byThemselves: actor.personId === input.personId }
			});
		return { erased: erased > 0 };
	});
}
