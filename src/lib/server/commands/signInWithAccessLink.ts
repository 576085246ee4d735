import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { accessLinks, people } from '../db/schema';
import { accessLinkState, findAccessLinkByToken, type AccessLink, type AccessLinkState } from '../auth/accessLinks';
import { createSession, generateSessionToken, type Session } from '../auth/sessions';

export type LinkSignIn =
	{ ok: true; token: string; session: Session; link: AccessLink; person: typeof people.$inferSelect } | { ok: false; state: Exclude<AccessLinkState, 'valid'> };

/** Opening a personal link signs its person in; the session ends when the link is revoked. */
export function signInWithAccessLink(db: Db, linkToken: string, now = new Date()): LinkSignIn {
	const link = findAccessLinkByToken(db, linkToken);
	const state = accessLinkState(link, now);
	if (state !== 'valid' || !link) return { ok: false, state: state === 'valid' ? 'unknown' : state };
	db.update(accessLinks).set({ lastUsedAt: now }).where(eq(accessLinks.id, link.id)).run();
	const token = generateSessionToken();
	// A link that expires ends its sessions no later than itself.
	const session = createSession(db, token, link.personId, { accessLinkId: link.id, notAfter: link.expiresAt, now });
	const person = db.select().from(people).where(eq(people.id, link.personId)).get()!;
	return { ok: true, token, session, link, person };
}
