import type { Data } from '../db/client';
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
export async function issueAccessLink(data: Data, actor: Actor, input: IssueAccessLinkInput) {
	authorize(actor, 'accessLink.manage', input);
	return data.transaction((tx) => issueAccessLinkIn(data, tx, actor, input));
}
