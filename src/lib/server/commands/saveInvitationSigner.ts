import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { conferences } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';

/**
 * Who signs the invitation letters: "targeted, personal, from high rank" — the Landrat or the
 * Bürgermeisterin by name and title, not the office. Kept in the conference's settings; both
 * empty removes the signer (letters are then signed with the conference's name).
 */
export function saveInvitationSigner(db: Db, actor: Actor, conferenceId: string, signer: { name: string; title: string } | null) {
	authorize(actor, 'conference.update', { conferenceId });
	return db.transaction((tx) => {
		const before = tx.select({ settings: conferences.settings }).from(conferences).where(eq(conferences.id, conferenceId)).get();
		if (!before) throw new CommandError('not_found');
		const settings = { ...before.settings, invitationSigner: signer };
		tx.update(conferences).set({ settings, updatedAt: new Date() }).where(eq(conferences.id, conferenceId)).run();
		recordAudit(tx, actor, {
			action: 'conference.setInvitationSigner',
			conferenceId,
			subjectType: 'conference',
			subjectId: conferenceId,
			before: { signer: before.settings.invitationSigner ?? null },
			after: { signer }
		});
		return signer;
	});
}
