import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { conferenceLogos } from '../db/schema';
import { logoUrl } from '../../domain/logo';

/** The address of a conference's logo (versioned, so it may be cached), or null without one. */
export function conferenceLogoUrl(db: Db, conferenceId: string): string | null {
	const row = db.select({ version: conferenceLogos.version }).from(conferenceLogos).where(eq(conferenceLogos.conferenceId, conferenceId)).get();
	return row ? logoUrl(conferenceId, row.version) : null;
}

/** The logo itself, for the route that serves it. */
export function conferenceLogo(db: Db, conferenceId: string) {
	return db.select().from(conferenceLogos).where(eq(conferenceLogos.conferenceId, conferenceId)).get() ?? null;
}
