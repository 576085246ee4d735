import type { Db, Tx } from '../db';
import { accessLinks } from '../db/schema';
import { recordAudit } from '../audit/record';
import { hashToken } from '../auth/sessions';
import { newSecretToken } from '../ids';
import { authorize, type Actor } from '../policies';
import { requireConferencePerson } from './guards';

export interface IssueAccessLinkInput {
	conferenceId: string;
	personId: string;
	expiresAt: Date | null;
}

/**
 * A new personal link. The token is returned once, to be printed or mailed right away; only
 * its hash is stored, so a lost card is replaced by issuing another, never by looking it up.
 */
export function issueAccessLink(db: Db, actor: Actor, input: IssueAccessLinkInput) {
	authorize(actor, 'accessLink.manage', input);
	return db.transaction((tx) => issueAccessLinkIn(tx, actor, input));
}

/** The same inside a transaction that is already open (invitePerson). */
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
