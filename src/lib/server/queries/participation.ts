import { and, asc, eq, gte, ne } from 'drizzle-orm';
import type { Db } from '../db';
import { conferences, plenarySessions, workingGroups } from '../db/schema';
import { allowanceYear, rulesFor } from '../allowances/rules';
import type { JoinFacts } from '../participation/joinPage';

/** A sitting has no duration: one that began less than 3 hours ago is still the next one. */
const SITTING_MS = 3 * 3_600_000;

/** What the public "Mitmachen" page of one conference is generated from; null for an unknown conference. */
export function joinFacts(db: Db, conferenceId: string, now = new Date()): JoinFacts | null {
	const conference = db.select({ name: conferences.name, settings: conferences.settings }).from(conferences).where(eq(conferences.id, conferenceId)).get();
	if (!conference) return null;
	const groups = db
		.select({ name: workingGroups.name })
		.from(workingGroups)
		// The steering group is a body of the conference, not a group one joins.
		.where(and(eq(workingGroups.conferenceId, conferenceId), ne(workingGroups.kind, 'steering')))
		.orderBy(asc(workingGroups.name))
		.all();
	const nextPlenary =
		db
			.select({ title: plenarySessions.title, startsAt: plenarySessions.startsAt, place: plenarySessions.place })
			.from(plenarySessions)
			.where(and(eq(plenarySessions.conferenceId, conferenceId), gte(plenarySessions.startsAt, new Date(now.getTime() - SITTING_MS))))
			.orderBy(asc(plenarySessions.startsAt))
			.get() ?? null;
	return {
		conferenceName: conference.name,
		participation: conference.settings.participation ?? null,
		rules: rulesFor(db, conferenceId, allowanceYear(now)),
		contact: { email: conference.settings.contactEmail ?? null, phone: conference.settings.contactPhone ?? null },
		groups: groups.map((g) => g.name),
		nextPlenary
	};
}
