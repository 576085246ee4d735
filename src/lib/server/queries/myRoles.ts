import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { conferenceMemberships, groupMemberships, workingGroups } from '../db/schema';

/** One person's roles in one conference and its working groups, for their own pages. */
export function listMyRoles(db: Db, conferenceId: string, personId: string) {
	const roles = db
		.select({
			role: conferenceMemberships.role,
			memberStatus: conferenceMemberships.memberStatus,
			deputyForName: sql<string | null>`(select display_name from people p where p.id = ${conferenceMemberships.deputyForPersonId})`
		})
		.from(conferenceMemberships)
		.where(and(eq(conferenceMemberships.conferenceId, conferenceId), eq(conferenceMemberships.personId, personId)))
		.all()
		.map((r) => ({ role: r.role, memberStatus: r.memberStatus, deputyFor: r.deputyForName ? { displayName: r.deputyForName } : null }));
	const groups = db
		.select({ id: workingGroups.id, name: workingGroups.name, role: groupMemberships.role })
		.from(groupMemberships)
		.innerJoin(workingGroups, eq(groupMemberships.groupId, workingGroups.id))
		.where(and(eq(workingGroups.conferenceId, conferenceId), eq(groupMemberships.personId, personId)))
		.orderBy(asc(workingGroups.name))
		.all();
	return { roles, groups };
}
