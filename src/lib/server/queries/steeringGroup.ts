import { and, asc, eq, gte } from 'drizzle-orm';
import type { Actor } from '../policies';
import { can } from '../policies/can';
import { listGroupMembers } from './groups';
import { type Data, first } from '../db/client';

/**
 * The conference's steering group (Lenkungsgruppe) as a body of the conference: its members with
 * their roles and its next meeting; null when there is none or the actor may not open it (the
 * same rule as the group's own page).
 */
export async function steeringGroupFor(data: Data, actor: Actor, conferenceId: string, now = new Date()) {
	const { groupMeetings, workingGroups } = data.t;
	const group = first(
		await data.q
			.select({ id: workingGroups.id, name: workingGroups.name, description: workingGroups.description })
			.from(workingGroups)
			.where(and(eq(workingGroups.conferenceId, conferenceId), eq(workingGroups.kind, 'steering')))
	);
	if (!group || !can(actor, 'group.view', { conferenceId, groupId: group.id })) return null;
	const nextMeeting =
		first(
			await data.q
				.select({ id: groupMeetings.id, title: groupMeetings.title, startsAt: groupMeetings.startsAt, place: groupMeetings.place })
				.from(groupMeetings)
				.where(and(eq(groupMeetings.groupId, group.id), gte(groupMeetings.startsAt, now)))
				.orderBy(asc(groupMeetings.startsAt), asc(groupMeetings.id))
		) ?? null;
	return { ...group, members: membersByPerson(await listGroupMembers(data, group.id)), nextMeeting };
}

/** One entry per person with all their roles in the group (a coordinator is often a member too). */
function membersByPerson(rows: Awaited<ReturnType<typeof listGroupMembers>>) {
	const people = new Map<string, { personId: string; displayName: string; organisation: string | null; roles: (typeof rows)[number]['role'][] }>();
	for (const row of rows) {
		const entry = people.get(row.personId) ?? { personId: row.personId, displayName: row.displayName, organisation: row.organisation, roles: [] };
		entry.roles.push(row.role);
		people.set(row.personId, entry);
	}
	return [...people.values()];
}
