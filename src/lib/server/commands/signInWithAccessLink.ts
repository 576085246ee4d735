import { eq } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import type { people } from '../db/schema';
import { transactOn } from '../effects/transactOn';
import { accessLinkState, findAccessLinkByTokenOn, type AccessLink, type AccessLinkState } from '../auth/accessLinks';
import { createSessionOn, generateSessionToken, type Session } from '../auth/sessions';

export type LinkSignIn =
	{ ok: true; token: string; session: Session; link: AccessLink; person: typeof people.$inferSelect } | { ok: false; state: Exclude<AccessLinkState, 'valid'> };

/**
 * Opening a personal link signs its person in; the session ends when the link is revoked.
 *
 * On PostgreSQL the link's row is held for update before its state is read (README, "Rules that
 * span rows"): a revocation on another instance either commits first, and the link reads as
 * revoked, or waits for this sign-in and then ends the session it opened too.
 */
export async function signInWithAccessLink(data: Data, linkToken: string, now = new Date()): Promise<LinkSignIn> {
	const { accessLinks, people } = data.t;
	return transactOn(data, async (tx): Promise<LinkSignIn> => {
		const found = await findAccessLinkByTokenOn(data, linkToken, tx);
		const link = found && (await lockForUpdate(data, tx, accessLinks, found.id)) ? await findAccessLinkByTokenOn(data, linkToken, tx) : undefined;
		const state = accessLinkState(link, now);
		if (state !== 'valid' || !link) return { ok: false, state: state === 'valid' ? 'unknown' : state };
		await tx.update(accessLinks).set({ lastUsedAt: now }).where(eq(accessLinks.id, link.id));
		const token = generateSessionToken();
		// A link that expires ends its sessions no later than itself.
		const session = await createSessionOn(data, token, link.personId, { accessLinkId: link.id, notAfter: link.expiresAt, now }, tx);
		const person = first(await tx.select().from(people).where(eq(people.id, link.personId)))!;
		return { ok: true, token, session, link, person };
	});
}
