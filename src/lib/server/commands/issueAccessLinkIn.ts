import { recordAuditIn } from '../audit/record';
import { hashToken } from '../auth/sessions';
import type { Data, Query } from '../db/client';
import { newSecretToken } from '../ids';
import type { Actor } from '../policies';
import type { IssueAccessLinkInput } from './issueAccessLink';
import { requireConferencePersonOn } from './support/guards';

/**
 * Issues a link inside a transaction that is already open (issueAccessLink, invitePerson);
 * the caller has authorized.
 */
export async function issueAccessLinkIn(data: Data, tx: Query, actor: Actor, input: IssueAccessLinkInput) {
	const { accessLinks } = data.t;
	await requireConferencePersonOn(data, input.conferenceId, input.personId, undefined, tx);
	const token = newSecretToken();
	const [link] = await tx
		.insert(accessLinks)
		.values({
			personId: input.personId,
			conferenceId: input.conferenceId,
			tokenHash: hashToken(token),
			createdBy: actor.personId,
			expiresAt: input.expiresAt
		})
		.returning();
	await recordAuditIn(data, tx, actor, {
		action: 'accessLink.issue',
		conferenceId: input.conferenceId,
		subjectType: 'person',
		subjectId: input.personId,
		after: { accessLinkId: link.id, expiresAt: input.expiresAt?.toISOString() ?? null }
	});
	return { link, token };
}
