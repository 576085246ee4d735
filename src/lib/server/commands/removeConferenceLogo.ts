import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { conferenceLogos } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';

/** Takes a conference's logo away; the pages show its name alone again. */
export function removeConferenceLogo(db: Db, actor: Actor, conferenceId: string) {
	authorize(actor, 'conference.update', { conferenceId });
	db.transaction((tx) => {
		const removed = tx.delete(conferenceLogos).where(eq(conferenceLogos.conferenceId, conferenceId)).returning({ version: conferenceLogos.version }).get();
		if (!removed) return;
		recordAudit(tx, actor, { action: 'conference.removeLogo', conferenceId, subjectType: 'conference', subjectId: conferenceId, before: removed });
	});
}
