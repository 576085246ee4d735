import type { Db, Tx } from '../../db';
import type { Effects } from '../../effects/transact';

/**
 * Who gets a digest: every active, not bouncing subscriber of the conference, or those of them
 * who are members of one working group (by their person). CONTRACT (owner: part D, sending).
 */
export interface RecipientCount {
	standard: number;
	easy: number;
}

export function countRecipients(db: Pick<Db, 'select' | 'get' | 'all'>, conferenceId: string, audienceGroupId: string | null): RecipientCount {
	void db;
	void conferenceId;
	void audienceGroupId;
	throw new Error('countRecipients: not built yet (part D)');
}

export interface StartedSend {
	sendId: string;
	total: number;
	perEdition: RecipientCount;
}

/**
 * Fixes the recipients of a just-published digest (one delivery row each, written in one
 * statement) and declares the send job, inside the publishing transaction: a publish that rolls
 * back sends nothing. CONTRACT (owner: part D); part C's `publishDigest` calls it.
 */
export function startSendIn(
	tx: Tx,
	effects: Effects,
	input: { digestId: string; conferenceId: string; audienceGroupId: string | null; actorPersonId: string | null; origin: string; now: Date }
): StartedSend {
	void tx;
	void effects;
	void input;
	throw new Error('startSendIn: not built yet (part D)');
}
