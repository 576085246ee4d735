import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { ConferenceRole, GroupRole, MemberStatus } from '../../domain/roles';
import { matchesSearch } from '../../domain/search';
import { type Data, first, type Tables } from '../db/client';

export interface ConferenceRoleView {
	role: ConferenceRole;
	memberStatus: MemberStatus | null;
	deputyFor: { id: string; displayName: string } | null;
}

export interface PersonListEntry {
	id: string;
	displayName: string;
	email: string | null;
	organisation: string | null;
	roles: ConferenceRoleView[];
}

/** The name of the voting member a deputy stands in for. */
const principalOf = (conferenceMemberships: Tables['conferenceMemberships']) =>
	sql<string | null>`(select display_name from people p2 where p2.id = ${conferenceMemberships.deputyForPersonId})`;

/** The people of a conference with their roles; `search` matches name, e-mail or organisation. */
export async function listConferencePeople(data: Data, conferenceId: string, search = ''): Promise<PersonListEntry[]> {
	const { conferenceMemberships, people } = data.t;
	const rows = (
		await data.q
			.select({
				id: people.id,
				displayName: people.displayName,
				email: people.email,
				organisation: people.organisation,
				role: conferenceMemberships.role,
				memberStatus: conferenceMemberships.memberStatus,
				deputyForPersonId: conferenceMemberships.deputyForPersonId,
				deputyForName: principalOf(conferenceMemberships)
			})
			.from(conferenceMemberships)
			.innerJoin(people, eq(conferenceMemberships.personId, people.id))
			.where(eq(conferenceMemberships.conferenceId, conferenceId))
			.orderBy(asc(people.displayName), asc(conferenceMemberships.role))
	)
		// A conference has hundreds of people, not millions: filter and sort here, Unicode-aware.
		.filter((row) => matchesSearch(search, row.displayName, row.email, row.organisation));
	const byPerson = new Map<string, PersonListEntry>();
	for (const row of rows) {
		const entry = byPerson.get(row.id) ?? {
			id: row.id,
			displayName: row.displayName,
			email: row.email,
			organisation: row.organisation,
			roles: []
		};
		entry.roles.push({
			role: row.role,
			memberStatus: row.memberStatus,
			deputyFor: row.deputyForPersonId ? { id: row.deputyForPersonId, displayName: row.deputyForName ?? '' } : null
		});
		byPerson.set(row.id, entry);
	}
	return [...byPerson.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'de'));
}

/** Voting members who can have a deputy: the choices for "stands in for". */
export async function listVotingMembers(data: Data, conferenceId: string) {
	const { conferenceMemberships, people } = data.t;
	return await data.q
		.select({ id: people.id, displayName: people.displayName })
		.from(conferenceMemberships)
		.innerJoin(people, eq(conferenceMemberships.personId, people.id))
		.where(and(eq(conferenceMemberships.conferenceId, conferenceId), eq(conferenceMemberships.memberStatus, 'voting')))
		.orderBy(asc(people.displayName));
}

export async function getPersonDetail(data: Data, conferenceId: string, personId: string) {
	const { groupMemberships, people, workingGroups } = data.t;
	const person = first(await data.q.select().from(people).where(eq(people.id, personId)));
	if (!person) return undefined;
	const roles = (await listConferencePeople(data, conferenceId)).find((p) => p.id === personId)?.roles ?? [];
	if (roles.length === 0) return undefined;
	const groups = (await data.q
		.select({ groupId: workingGroups.id, groupName: workingGroups.name, role: groupMemberships.role })
		.from(groupMemberships)
		.innerJoin(workingGroups, eq(groupMemberships.groupId, workingGroups.id))
		.where(and(eq(groupMemberships.personId, personId), eq(workingGroups.conferenceId, conferenceId)))
		.orderBy(asc(workingGroups.name))) as { groupId: string; groupName: string; role: GroupRole }[];
	return { person, roles, groups };
}

export async function listAccessLinks(data: Data, conferenceId: string, personId: string) {
	const { accessLinks } = data.t;
	return await data.q
		.select({
			id: accessLinks.id,
			createdAt: accessLinks.createdAt,
			expiresAt: accessLinks.expiresAt,
			revokedAt: accessLinks.revokedAt,
			lastUsedAt: accessLinks.lastUsedAt
		})
		.from(accessLinks)
		.where(and(eq(accessLinks.conferenceId, conferenceId), eq(accessLinks.personId, personId)))
		.orderBy(desc(accessLinks.createdAt));
}

export async function getSupportProfile(data: Data, conferenceId: string, personId: string) {
	const { supportProfiles } = data.t;
	return first(
		await data.q
			.select()
			.from(supportProfiles)
			.where(and(eq(supportProfiles.conferenceId, conferenceId), eq(supportProfiles.personId, personId)))
	);
}

const auditColumnsOf = (auditLog: Tables['auditLog']) => ({
	seq: auditLog.seq,
	at: auditLog.at,
	actorName: sql<string | null>`(select display_name from people p3 where p3.id = ${auditLog.actorPersonId})`,
	action: auditLog.action,
	subjectType: auditLog.subjectType,
	subjectId: auditLog.subjectId,
	before: auditLog.before,
	after: auditLog.after
});

export type AuditView = {
	seq: number;
	at: Date;
	actorName: string | null;
	action: string;
	subjectType: string;
	subjectId: string;
	before: Record<string, unknown> | null;
	after: Record<string, unknown> | null;
};

/** A subject's audit entries, newest first. */
export async function auditForSubjectOn(data: Data, conferenceId: string, subjectType: string, subjectId: string): Promise<AuditView[]> {
	const { auditLog } = data.t;
	return await data.q
		.select(auditColumnsOf(auditLog))
		.from(auditLog)
		.where(and(eq(auditLog.conferenceId, conferenceId), eq(auditLog.subjectType, subjectType), eq(auditLog.subjectId, subjectId)))
		.orderBy(desc(auditLog.seq));
}

/** Newest first, a page at a time: `before` is the oldest `seq` already shown. */
export async function auditForConference(
	data: Data,
	conferenceId: string,
	{ before, limit = 100 }: { before?: number; limit?: number } = {}
): Promise<(AuditView & { subjectName: string | null })[]> {
	const { auditLog } = data.t;
	return await data.q
		.select({
			...auditColumnsOf(auditLog),
			subjectName: sql<
				string | null
			>`coalesce((select display_name from people p4 where p4.id = ${auditLog.subjectId}), (select name from working_groups g where g.id = ${auditLog.subjectId}), (select name from conferences c where c.id = ${auditLog.subjectId}))`
		})
		.from(auditLog)
		.where(and(eq(auditLog.conferenceId, conferenceId), before === undefined ? undefined : lt(auditLog.seq, before)))
		.orderBy(desc(auditLog.seq))
		.limit(limit);
}

/** Names for the person ids that audit entries mention in their before/after values. */
export async function namesInAudit(data: Data, entries: AuditView[]): Promise<Record<string, string>> {
	const ids = new Set<string>();
	for (const entry of entries) {
		for (const values of [entry.before, entry.after]) {
			for (const key of ['personId', 'deputyForPersonId']) {
				const value = values?.[key];
				if (typeof value === 'string') ids.add(value);
			}
		}
	}
	return Object.fromEntries(await namesOf(data, [...ids]));
}

export async function namesOf(data: Data, ids: string[]) {
	const { people } = data.t;
	if (ids.length === 0) return new Map<string, string>();
	const rows = await data.q.select({ id: people.id, name: people.displayName }).from(people).where(inArray(people.id, ids));
	return new Map(rows.map((r) => [r.id, r.name]));
}
