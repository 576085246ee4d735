import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { groupMemberships, people, workingGroups } from '../db/schema';
import type { Actor } from '../policies';
import { can } from '../policies/can';

export function listGroups(db: Db, conferenceId: string) {
	return db
		.select({
			id: workingGroups.id,
			name: workingGroups.name,
			description: workingGroups.description,
			kind: workingGroups.kind,
			memberCount: sql<number>`(select count(distinct person_id) from group_memberships gm where gm.group_id = working_groups.id)`
		})
		.from(workingGroups)
		.where(eq(workingGroups.conferenceId, conferenceId))
		.orderBy(asc(workingGroups.name))
		.all();
}

/** Groups the actor may open, filtered by the same rule that guards each group page. */
export function groupsVisibleTo(db: Db, actor: Actor, conferenceId: string) {
	return listGroups(db, conferenceId).filter((g) => can(actor, 'group.view', { conferenceId, groupId: g.id }));
}

export function getGroup(db: Db, conferenceId: string, groupId: string) {
	return db
		.select()
		.from(workingGroups)
		.where(and(eq(workingGroups.id, groupId), eq(workingGroups.conferenceId, conferenceId)))
		.get();
}

export function listGroupMembers(db: Db, groupId: string) {
	return db
		.select({ personId: people.id, displayName: people.displayName, organisation: people.organisation, role: groupMemberships.role })
		.from(groupMemberships)
		.innerJoin(people, eq(groupMemberships.personId, people.id))
		.where(eq(groupMemberships.groupId, groupId))
		.orderBy(asc(sql`lower(${people.displayName})`))
		.all();
}
