import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';
import { derivedKey } from '../jobs/sealed';

/**
 * A subscriber's personal link (preferences page, unsubscribe, RFC 8058 one-click): the
 * subscriber's id and token version, signed with a key derived from the server's sealing key.
 * Nothing secret is stored, every mail can carry the link, and raising `token_version` revokes
 * all links sent so far. The signature is 128 bits: unguessable, short enough for a mail line.
 */
type KeyHolder = Pick<Db, '$client'>;

const PURPOSE = 'newsletter-subscriber-link';
const SIGNATURE_BYTES = 16;

function signature(db: KeyHolder, subscriberId: string, version: number): Buffer {
	return createHmac('sha256', derivedKey(db, PURPOSE)).update(`${subscriberId}.${version}`).digest().subarray(0, SIGNATURE_BYTES);
}

export function subscriberToken(db: KeyHolder, subscriber: { id: string; tokenVersion: number }): string {
	return `${subscriber.id}.${subscriber.tokenVersion}.${signature(db, subscriber.id, subscriber.tokenVersion).toString('base64url')}`;
}

/**
 * The subscriber id and version a token names, when its signature holds. The caller still
 * compares the version with the row's (a raised version revokes the token).
 */
export function readSubscriberToken(db: KeyHolder, token: string): { subscriberId: string; version: number } | null {
	if (token.length > 100) return null;
	const [subscriberId, versionText, signed] = token.split('.');
	if (!subscriberId || !versionText || !signed || !/^\d{1,6}$/.test(versionText) || !/^[a-z0-9]{1,32}$/.test(subscriberId)) return null;
	const version = Number(versionText);
	const given = Buffer.from(signed, 'base64url');
	const expected = signature(db, subscriberId, version);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	return { subscriberId, version };
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
