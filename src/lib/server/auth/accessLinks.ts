import { eq } from 'drizzle-orm';
import { first, type Data, type Query } from '../db/client';
import type { accessLinks } from '../db/schema';
import { hashToken } from './sessions';

export type AccessLink = typeof accessLinks.$inferSelect;
export type AccessLinkState = 'valid' | 'revoked' | 'expired' | 'unknown';

export function accessLinkState(link: AccessLink | undefined, now = new Date()): AccessLinkState {
	if (!link) return 'unknown';
	if (link.revokedAt) return 'revoked';
	if (link.expiresAt && link.expiresAt.getTime() <= now.getTime()) return 'expired';
	return 'valid';
}

export async function findAccessLinkByTokenOn(data: Data, token: string, tx: Query = data.q): Promise<AccessLink | undefined> {
	// Tokens are base32 of 20 bytes; anything else cannot be one, and is not worth a query.
	if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
	const { accessLinks } = data.t;
	return first(
		await tx
			.select()
			.from(accessLinks)
			.where(eq(accessLinks.tokenHash, hashToken(token)))
	);
}

/** What a link would do, without using it: shown before the person confirms. */
export async function peekAccessLinkOn(data: Data, token: string, now = new Date()) {
	const { conferences, people } = data.t;
	const link = await findAccessLinkByTokenOn(data, token);
	const state = accessLinkState(link, now);
	if (state !== 'valid' || !link) return { state: state === 'valid' ? ('unknown' as const) : state };
	const person = first(await data.q.select({ displayName: people.displayName }).from(people).where(eq(people.id, link.personId)));
	const conference = link.conferenceId
		? first(await data.q.select({ name: conferences.name }).from(conferences).where(eq(conferences.id, link.conferenceId)))
		: undefined;
	return { state, personId: link.personId, personName: person?.displayName ?? '', conferenceName: conference?.name ?? null };
}

export function accessLinkUrl(origin: string, token: string): string {
	return new URL(`/l/${token}`, origin).href;
}
