import { and, asc, eq, gte } from 'drizzle-orm';
import { allowanceYear, rulesForOn } from '../allowances/rules';
import type { JoinFacts } from '../participation/joinPage';
import { type Data, first } from '../db/client';

/** A sitting has no duration: one that began less than 3 hours ago is still the next one. */
const SITTING_MS = 3 * 3_600_000;

/**
 * What the public "Mitmachen" page of one conference is generated from; null for an unknown
 * conference. Only what is public anyway: the next sitting's date, not its title or place, and
 * no group names (the conference's own pages show those to its members).
 */
export async function joinFacts(data: Data, conferenceId: string, now = new Date()): Promise<JoinFacts | null> {
	const { conferences, plenarySessions } = data.t;
	const conference = first(
		await data.q.select({ name: conferences.name, settings: conferences.settings }).from(conferences).where(eq(conferences.id, conferenceId))
	);
	if (!conference) return null;
	const nextPlenary =
		first(
			await data.q
				.select({ startsAt: plenarySessions.startsAt })
				.from(plenarySessions)
				.where(and(eq(plenarySessions.conferenceId, conferenceId), gte(plenarySessions.startsAt, new Date(now.getTime() - SITTING_MS))))
				.orderBy(asc(plenarySessions.startsAt))
		) ?? null;
	return {
		conferenceName: conference.name,
		participation: conference.settings.participation ?? null,
		rules: await rulesForOn(data, conferenceId, allowanceYear(now)),
		contact: { email: conference.settings.contactEmail ?? null, phone: conference.settings.contactPhone ?? null },
		nextPlenary
	};
}
