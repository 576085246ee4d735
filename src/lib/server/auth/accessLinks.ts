import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { accessLinks, conferences, people } from '../db/schema';
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
	return db
		.select()
		.from(accessLinks)
		.where(eq(accessLinks.tokenHash, hashToken(token)))
		.get();
}

/** What a link would do, without using it: shown before the person confirms. */
export function peekAccessLink(db: Db, token: string, now = new Date()) {
	const link = findAccessLinkByToken(db, token);
	const state = accessLinkState(link, now);
	if (state !== 'valid' || !link) return { state: state === 'valid' ? ('unknown' as const) : state };
	const person = db.select({ displayName: people.displayName }).from(people).where(eq(people.id, link.personId)).get();
	const conference = link.conferenceId ? db.select({ name: conferences.name }).from(conferences).where(eq(conferences.id, link.conferenceId)).get() : undefined;
	return { state, personId: link.personId, personName: person?.displayName ?? '', conferenceName: conference?.name ?? null };
}

export function accessLinkUrl(origin: string, token: string): string {
	return new URL(`/l/${token}`, origin).href;
}
