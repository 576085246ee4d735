import { eq } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { first, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';

/**
 * Who signs the invitation letters: "targeted, personal, from high rank" — the Landrat or the
 * Bürgermeisterin by name and title, not the office. Kept in the conference's settings; both
 * empty removes the signer (letters are then signed with the conference's name).
 */
export async function saveInvitationSigner(data: Data, actor: Actor, conferenceId: string, signer: { name: string; title: string } | null) {
	authorize(actor, 'conference.update', { conferenceId });
	const { conferences } = data.t;
	return data.transaction(async (tx) => {
		// The settings are read, changed and written whole: the row is held so that another change
		// of them at the same time (on PostgreSQL) is not written over.
		await lockForUpdate(data, tx, conferences, conferenceId);
		const before = first(await tx.select({ settings: conferences.settings }).from(conferences).where(eq(conferences.id, conferenceId)));
		if (!before) throw new CommandError('not_found');
		const settings = { ...before.settings, invitationSigner: signer };
		await tx.update(conferences).set({ settings, updatedAt: new Date() }).where(eq(conferences.id, conferenceId));
		await recordAuditIn(data, tx, actor, {
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
