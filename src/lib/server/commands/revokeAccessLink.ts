import { and, eq, isNull } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects';
import { changedRows, first, type Data } from '../db/client';
import { CommandError } from './support/errors';

/** Revokes a link and ends every session opened with it: a lost card stops working at once. */
export async function revokeAccessLink(data: Data, actor: Actor, input: { conferenceId: string; personId: string; linkId: string }) {
	authorize(actor, 'accessLink.manage', input);
	const { accessLinks, sessions } = data.t;
	await transactOn(data, async (tx, effects) => {
		const link = first(
			await tx
				.select()
				.from(accessLinks)
				.where(and(eq(accessLinks.id, input.linkId), eq(accessLinks.personId, input.personId), eq(accessLinks.conferenceId, input.conferenceId)))
		);
		if (!link) throw new CommandError('not_found');
		if (link.revokedAt) throw new CommandError('link_already_revoked');
		const revokedAt = new Date();
		// Conditional: a revocation at the same time on another instance is refused as on SQLite.
		const revoked = await tx
			.update(accessLinks)
			.set({ revokedAt, revokedBy: actor.personId })
			.where(and(eq(accessLinks.id, link.id), isNull(accessLinks.revokedAt)));
		if (changedRows(revoked) === 0) throw new CommandError('link_already_revoked');
		const ended = changedRows(await tx.delete(sessions).where(eq(sessions.accessLinkId, link.id)));
		await recordAuditIn(data, tx, actor, {
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
