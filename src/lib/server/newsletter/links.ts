import { synchronousDbOf, type Db } from '../db';
import type { Data } from '../db/client';
import { readRowToken, rowToken } from '../auth/rowTokens';

/**
 * A subscriber's personal link (preferences page, unsubscribe, RFC 8058 one-click): the
 * subscriber's id and token version, signed (`auth/rowTokens.ts`). Raising `token_version`
 * revokes all links sent so far.
 */
type KeyHolder = Pick<Db, '$client'>;

const PURPOSE = 'newsletter-subscriber-link';

/**
 * The key that signs subscriber links for what reads through the data layer, as `linkKeysOn`
 * does it for answer links (invitations/links.ts): on SQLite the connection's (JOBS_SECRET, else
 * the key file next to the database); on PostgreSQL JOBS_SECRET, which instances share anyway.
 * Without it a subscriber link there is refused with an error naming the variable.
 */
export function subscriberLinkKeysOn(data: Data): KeyHolder {
	return (
		synchronousDbOf(data) ?? {
			get $client(): never {
				throw new Error('subscriber links on PostgreSQL are signed with JOBS_SECRET: set it (there is no key file next to the database)');
			}
		}
	);
}

export function subscriberToken(db: KeyHolder, subscriber: { id: string; tokenVersion: number }): string {
	return rowToken(db, PURPOSE, subscriber);
}

/**
 * The subscriber id and version a token names, when its signature holds. The caller still
 * compares the version with the row's (a raised version revokes the token).
 */
export function readSubscriberToken(db: KeyHolder, token: string): { subscriberId: string; version: number } | null {
	const read = readRowToken(db, PURPOSE, token);
	return read && { subscriberId: read.id, version: read.version };
}

/** The public addresses a subscriber's mails link to, absolute under `origin`. */
export function subscriberLinks(db: KeyHolder, origin: string, subscriber: { id: string; tokenVersion: number }) {
	const token = subscriberToken(db, subscriber);
	return {
		/** The preferences page (edition, unsubscribe, export, erase). */
		preferences: `${origin}/newsletter/einstellungen/${token}`,
		/** The visible unsubscribe link: a page with one button (works without JavaScript). */
		unsubscribe: `${origin}/newsletter/abmelden/${token}`,
		/** RFC 8058: the `List-Unsubscribe` target; a bare POST with `List-Unsubscribe=One-Click` unsubscribes. */
		oneClick: `${origin}/newsletter/abmelden/${token}`
	};
}
