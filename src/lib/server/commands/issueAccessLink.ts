import type { Db } from '../db';
import { authorize, type Actor } from '../policies';
import { issueAccessLinkIn } from './issueAccessLinkIn';

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
