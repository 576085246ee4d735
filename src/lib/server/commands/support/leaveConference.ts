import { and, eq, sql } from 'drizzle-orm';
import { first, type Data, type Query } from '../../db/client';

/**
 * What goes when someone's last role in a conference is removed: their open answer links stop
 * working (a lost letter of a former member takes no seat), their seat, and their voluntary
 * self-description (Art. 9 data given for their membership; it would otherwise outlive it with
 * nobody able to erase it on the person's own page). Returns whether they left.
 */
export async function leaveConferenceIn(data: Data, tx: Query, conferenceId: string, personId: string): Promise<boolean> {
	const { conferenceMemberships, diversityProfiles, invitations, memberSeats } = data.t;
	const remaining = first(
		await tx
			.select({ id: conferenceMemberships.id })
			.from(conferenceMemberships)
			.where(and(eq(conferenceMemberships.conferenceId, conferenceId), eq(conferenceMemberships.personId, personId)))
	);
	if (remaining) return false;
	await tx
		.update(invitations)
		.set({ tokenVersion: sql`${invitations.tokenVersion} + 1` })
		.where(and(eq(invitations.conferenceId, conferenceId), eq(invitations.personId, personId)));
	await tx.delete(memberSeats).where(and(eq(memberSeats.conferenceId, conferenceId), eq(memberSeats.personId, personId)));
	await tx.delete(diversityProfiles).where(and(eq(diversityProfiles.conferenceId, conferenceId), eq(diversityProfiles.personId, personId)));
	return true;
}
