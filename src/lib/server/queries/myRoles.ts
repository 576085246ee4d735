import { and, asc, eq, sql } from 'drizzle-orm';
import type { Data } from '../db/client';

/** One person's roles in one conference and its working groups, for their own pages. */
export async function listMyRoles(data: Data, conferenceId: string, personId: string) {
	const { conferenceMemberships, groupMemberships, workingGroups } = data.t;
	const roles = (
		await data.q
			.select({
				role: conferenceMemberships.role,
				memberStatus: conferenceMemberships.memberStatus,
				deputyForName: sql<string | null>`(select display_name from people p where p.id = ${conferenceMemberships.deputyForPersonId})`
			})
			.from(conferenceMemberships)
			.where(and(eq(conferenceMemberships.conferenceId, conferenceId), eq(conferenceMemberships.personId, personId)))
			// One order on both databases: without it, PostgreSQL promises none.
			.orderBy(asc(conferenceMemberships.role))
	).map((r) => ({ role: r.role, memberStatus: r.memberStatus, deputyFor: r.deputyForName ? { displayName: r.deputyForName } : null }));
	const groups = await data.q
		.select({ id: workingGroups.id, name: workingGroups.name, role: groupMemberships.role })
		.from(groupMemberships)
		.innerJoin(workingGroups, eq(groupMemberships.groupId, workingGroups.id))
		.where(and(eq(workingGroups.conferenceId, conferenceId), eq(groupMemberships.personId, personId)))
		.orderBy(asc(workingGroups.name));
	return { roles, groups };
}
