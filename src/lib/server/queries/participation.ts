import { and, asc, eq, gte } from 'drizzle-orm';
import type { Db } from '../db';
import { conferences, plenarySessions } from '../db/schema';
import { allowanceYear, rulesFor } from '../allowances/rules';
import type { JoinFacts } from '../participation/joinPage';

/** A sitting has no duration: one that began less than 3 hours ago is still the next one. */
const SITTING_MS = 3 * 3_600_000;

/**
 * What the public "Mitmachen" page of one conference is generated from; null for an unknown
 * conference. Only what is public anyway: the next sitting's date, not its title or place, and
 * no group names (the conference's own pages show those to its members).
 */
export function joinFacts(db: Db, conferenceId: string, now = new Date()): JoinFacts | null {
	const conference = db.select({ name: conferences.name, settings: conferences.settings }).from(conferences).where(eq(conferences.id, conferenceId)).get();
	if (!conference) return null;
	const nextPlenary =
		db
			.select({ startsAt: plenarySessions.startsAt })
			.from(plenarySessions)
			.where(and(eq(plenarySessions.conferenceId, conferenceId), gte(plenarySessions.startsAt, new Date(now.getTime() - SITTING_MS))))
			.orderBy(asc(plenarySessions.startsAt))
			.get() ?? null;
	return {
		conferenceName: conference.name,
		participation: conference.settings.participation ?? null,
		rules: rulesFor(db, conferenceId, allowanceYear(now)),
		contact: { email: conference.settings.contactEmail ?? null, phone: conference.settings.contactPhone ?? null },
		nextPlenary
	};
}
