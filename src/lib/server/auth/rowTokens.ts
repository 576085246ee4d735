import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';
import { derivedKey } from '../jobs/sealed';

/**
 * A personal link that names a row: its id and a version, signed with a key derived from the
 * server's sealing key for one purpose. Nothing secret is stored, every mail can carry the link,
 * and raising the row's version revokes all links sent so far. The signature is 128 bits:
 * unguessable, short enough for a mail line. Used by the newsletter's subscriber links and the
 * invitations' answer links.
 */
type KeyHolder = Pick<Db, '$client'>;

const SIGNATURE_BYTES = 16;

function signature(db: KeyHolder, purpose: string, id: string, version: number): Buffer {
	return createHmac('sha256', derivedKey(db, purpose)).update(`${id}.${version}`).digest().subarray(0, SIGNATURE_BYTES);
}

export function rowToken(db: KeyHolder, purpose: string, row: { id: string; tokenVersion: number }): string {
	return `${row.id}.${row.tokenVersion}.${signature(db, purpose, row.id, row.tokenVersion).toString('base64url')}`;
}

/**
 * The row id and version a token names, when its signature holds for `purpose`. The caller still
 * compares the version with the row's (a raised version revokes the token).
 */
export function readRowToken(db: KeyHolder, purpose: string, token: string): { id: string; version: number } | null {
	if (token.length > 100) return null;
	const [id, versionText, signed] = token.split('.');
	if (!id || !versionText || !signed || !/^\d{1,6}$/.test(versionText) || !/^[a-z0-9]{1,32}$/.test(id)) return null;
	const version = Number(versionText);
	const given = Buffer.from(signed, 'base64url');
	const expected = signature(db, purpose, id, version);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	return { id, version };
}
