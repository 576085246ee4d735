import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { accessLinks, sessions } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { CommandError } from './support/errors';

/** Revokes a link and ends every session opened with it: a lost card stops working at once. */
export function revokeAccessLink(db: Db, actor: Actor, input: { conferenceId: string; personId: string; linkId: string }) {
	authorize(actor, 'accessLink.manage', input);
	transact(db, (tx, effects) => {
		const link = tx
			.select()
			.from(accessLinks)
			.where(and(eq(accessLinks.id, input.linkId), eq(accessLinks.personId, input.personId), eq(accessLinks.conferenceId, input.conferenceId)))
			.get();
		if (!link) throw new CommandError('not_found');
		if (link.revokedAt) throw new CommandError('link_already_revoked');
		const revokedAt = new Date();
		tx.update(accessLinks).set({ revokedAt, revokedBy: actor.personId }).where(eq(accessLinks.id, link.id)).run();
		const ended = tx.delete(sessions).where(eq(sessions.accessLinkId, link.id)).run().changes;
		recordAudit(tx, actor, {
			action: 'accessLink.revoke',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: input.personId,
			before: { accessLinkId: link.id, revokedAt: null },
			after: { accessLinkId: link.id, revokedAt: revokedAt.toISOString(), sessionsEnded: ended }
		});
		// The sessions it opened end, and with them the live connections they authenticated.
		effects.rightsChanged({ personId: input.personId });
	});
}
