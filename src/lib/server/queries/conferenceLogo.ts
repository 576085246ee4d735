import { eq } from 'drizzle-orm';
import { logoUrl } from '../../domain/logo';
import { type Data, first } from '../db/client';

/** The address of a conference's logo (versioned, so it may be cached), or null without one. */
export async function conferenceLogoUrl(data: Data, conferenceId: string): Promise<string | null> {
	const { conferenceLogos } = data.t;
	const row = first(await data.q.select({ version: conferenceLogos.version }).from(conferenceLogos).where(eq(conferenceLogos.conferenceId, conferenceId)));
	return row ? logoUrl(conferenceId, row.version) : null;
}

/** The logo itself, for the route that serves it. */
export async function conferenceLogo(data: Data, conferenceId: string) {
	const { conferenceLogos } = data.t;
	return first(await data.q.select().from(conferenceLogos).where(eq(conferenceLogos.conferenceId, conferenceId))) ?? null;
}
