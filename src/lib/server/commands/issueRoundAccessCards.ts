import type { Data } from '../db/client';
import { authorize, type Actor } from '../policies';
import { issueAccessLinkIn } from './issueAccessLinkIn';

export interface IssueRoundAccessCardsInput {
	conferenceId: string;
	/** The people whose letters are printed now. */
	personIds: readonly string[];
	expiresAt: Date | null;
}

/**
 * A fresh personal link for every printed letter of an invitation round, to go on the card after
 * the letter: for people who take part on paper and have no card yet. One transaction, one audit
 * entry per link (as the person page issues one); the tokens are returned once and never kept.
 */
export async function issueRoundAccessCards(data: Data, actor: Actor, input: IssueRoundAccessCardsInput): Promise<Map<string, string>> {
	authorize(actor, 'invitation.manage', { conferenceId: input.conferenceId });
	for (const personId of input.personIds) authorize(actor, 'accessLink.manage', { conferenceId: input.conferenceId, personId });
	return data.transaction(async (tx) => {
		const tokens = new Map<string, string>();
		for (const personId of input.personIds) {
			const { token } = await issueAccessLinkIn(data, tx, actor, { conferenceId: input.conferenceId, personId, expiresAt: input.expiresAt });
			tokens.set(personId, token);
		}
		return tokens;
	});
}
