import type { Tx } from '../db';
import { accessLinks } from '../db/schema';
import { recordAudit } from '../audit/record';
import { hashToken } from '../auth/sessions';
import { newSecretToken } from '../ids';
import type { Actor } from '../policies';
import type { IssueAccessLinkInput } from './issueAccessLink';
import { requireConferencePerson } from './support/guards';

/**
 * Issues a link inside a transaction that is already open (issueAccessLink, invitePerson);
 * the caller has authorized.
 */
export function issueAccessLinkIn(tx: Tx, actor: Actor, input: IssueAccessLinkInput) {
	requireConferencePerson(tx, input.conferenceId, input.personId);
	const token = newSecretToken();
	const link = tx
		.insert(accessLinks)
		.values({
			personId: input.personId,
			conferenceId: input.conferenceId,
			tokenHash: hashToken(token),
			createdBy: actor.personId,
			expiresAt: input.expiresAt
		})
		.returning()
		.get();
	recordAudit(tx, actor, {
		action: 'accessLink.issue',
		conferenceId: input.conferenceId,
		subjectType: 'person',
		subjectId: input.personId,
		after: { accessLinkId: link.id, expiresAt: input.expiresAt?.toISOString() ?? null }
	});
	return { link, token };
}
