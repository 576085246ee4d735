import { and, asc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../policies';
import { can } from '../policies/can';
import { type Data, first } from '../db/client';

export async function listGroups(data: Data, conferenceId: string) {
	const { workingGroups } = data.t;
	return await data.q
		.select({
			id: workingGroups.id,
			name: workingGroups.name,
			description: workingGroups.description,
			kind: workingGroups.kind,
			// A count is a bigint on PostgreSQL, which node-postgres gives as a string.
			memberCount: sql<number>`(select count(distinct person_id) from group_memberships gm where gm.group_id = working_groups.id)`.mapWith(Number)
		})
		.from(workingGroups)
		.where(eq(workingGroups.conferenceId, conferenceId))
		.orderBy(asc(workingGroups.name));
}

/** Groups the actor may open, filtered by the same rule that guards each group page. */
export async function groupsVisibleTo(data: Data, actor: Actor, conferenceId: string) {
	return (await listGroups(data, conferenceId)).filter((g) => can(actor, 'group.view', { conferenceId, groupId: g.id }));
}

export async function getGroup(data: Data, conferenceId: string, groupId: string) {
	const { workingGroups } = data.t;
	return first(
		await data.q
			.select()
			.from(workingGroups)
			.where(and(eq(workingGroups.id, groupId), eq(workingGroups.conferenceId, conferenceId)))
	);
}

export async function listGroupMembers(data: Data, groupId: string) {
	const { groupMemberships, people } = data.t;
	return await data.q
		.select({ personId: people.id, displayName: people.displayName, organisation: people.organisation, role: groupMemberships.role })
		.from(groupMemberships)
		.innerJoin(people, eq(groupMemberships.personId, people.id))
		.where(eq(groupMemberships.groupId, groupId))
		// Then by person and role: one order on both databases, a person's roles side by side.
		.orderBy(asc(sql`lower(${people.displayName})`), asc(people.id), asc(groupMemberships.role));
}
