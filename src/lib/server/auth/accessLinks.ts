import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { accessLinks } from '../db/schema';
import { hashToken } from './sessions';

export type AccessLink = typeof accessLinks.$inferSelect;
export type AccessLinkState = 'valid' | 'revoked' | 'expired' | 'unknown';

export function accessLinkState(link: AccessLink | undefined, now = new Date()): AccessLinkState {
	if (!link) return 'unknown';
	if (link.revokedAt) return 'revoked';
	if (link.expiresAt && link.expiresAt.getTime() <= now.getTime()) return 'expired';
	return 'valid';
}

export function findAccessLinkByToken(db: Db, token: string): AccessLink | undefined {
	// Tokens are base32 of 20 bytes; anything else cannot be one, and is not worth a query.
	if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
	return db.select().from(accessLinks).where(eq(accessLinks.tokenHash, hashToken(token))).get();
}

export function accessLinkUrl(origin: string, token: string): string {
	return new URL(`/l/${token}`, origin).href;
}
