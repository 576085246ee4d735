import { synchronousDbOf, type Db } from '../db';
import type { Data } from '../db/client';
import { readRowToken, rowToken } from '../auth/rowTokens';

/**
 * An invited person's answer link (`/antwort/<token>`): the invitation's id and token version,
 * signed (`auth/rowTokens.ts`). It opens the answer page without a password, on a phone, without
 * JavaScript; raising `invitations.token_version` revokes it.
 */
type KeyHolder = Pick<Db, '$client'>;

const PURPOSE = 'invitation-answer-link';

/**
 * Whose key signs the links of what reads through the data layer: on SQLite the connection's,
 * as the synchronous layer has it (JOBS_SECRET, else the key file next to the database); on
 * PostgreSQL there is no database file, and the key is JOBS_SECRET, which instances share anyway
 * (README, "Running several instances"). Without it a link there is refused by name.
 */
export function linkKeysOn(data: Data): KeyHolder {
	return (
		synchronousDbOf(data) ?? {
			get $client(): never {
				throw new Error('answer links on PostgreSQL are signed with JOBS_SECRET: set it (there is no key file next to the database)');
			}
		}
	);
}

export function invitationToken(db: KeyHolder, invitation: { id: string; tokenVersion: number }): string {
	return rowToken(db, PURPOSE, invitation);
}

/** The invitation id and version a token names, when its signature holds; the caller compares the version with the row's. */
export function readInvitationToken(db: KeyHolder, token: string): { invitationId: string; version: number } | null {
	const read = readRowToken(db, PURPOSE, token);
	return read && { invitationId: read.id, version: read.version };
}

/** The answer page's absolute address under `origin` (letters, mails, reminders, the QR code on paper). */
export function answerUrl(db: KeyHolder, origin: string, invitation: { id: string; tokenVersion: number }): string {
	return `${origin}/antwort/${invitationToken(db, invitation)}`;
}
