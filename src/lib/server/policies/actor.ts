import { eq, sql } from 'drizzle-orm';
import type { ConferenceRole, GroupKind, GroupRole, MemberStatus } from '../../domain/roles';
import type { Db } from '../db';
import { preparedFor } from '../db/prepared';
import { accounts, conferenceMemberships, groupMemberships, workingGroups } from '../db/schema';

export interface ConferenceStanding {
	roles: ReadonlySet<ConferenceRole>;
	memberStatus: MemberStatus | null;
}

export interface GroupStanding {
	conferenceId: string;
	/** The steering group's members prepare the plenary (see `inSteeringGroup`). */
	kind: GroupKind;
	roles: ReadonlySet<GroupRole>;
}

/** Who is asking, with every role they hold: loaded once per request, read by the policies. */
export interface Actor {
	personId: string | null;
	isPlatformAdmin: boolean;
	hasAccount: boolean;
	conferences: ReadonlyMap<string, ConferenceStanding>;
	groups: ReadonlyMap<string, GroupStanding>;
}

export const ANONYMOUS: Actor = Object.freeze({
	personId: null,
	isPlatformAdmin: false,
	hasAccount: false,
	conferences: new Map(),
	groups: new Map()
});

/** Installation tasks (demo seed, command-line set-up) act as the platform itself. */
export const SYSTEM: Actor = Object.freeze({
	personId: null,
	isPlatformAdmin: true,
	hasAccount: false,
	conferences: new Map(),
	groups: new Map()
});

const standingOf = preparedFor((db) => ({
	account: db
		.select({ isPlatformAdmin: accounts.isPlatformAdmin })
		.from(accounts)
		.where(eq(accounts.personId, sql.placeholder('personId')))
		.prepare(),
	conferences: db
		.select({
			conferenceId: conferenceMemberships.conferenceId,
			role: conferenceMemberships.role,
			memberStatus: conferenceMemberships.memberStatus
		})
		.from(conferenceMemberships)
		.where(eq(conferenceMemberships.personId, sql.placeholder('personId')))
		.prepare(),
	groups: db
		.select({ groupId: groupMemberships.groupId, conferenceId: workingGroups.conferenceId, kind: workingGroups.kind, role: groupMemberships.role })
		.from(groupMemberships)
		.innerJoin(workingGroups, eq(groupMemberships.groupId, workingGroups.id))
		.where(eq(groupMemberships.personId, sql.placeholder('personId')))
		.prepare()
}));

/**
 * Loads a person's standing. `linkScope` is set for sessions opened with an access link: such a
 * session has no account rights (no admin, no conference creation) and only the roles of the
 * link's conference, so a printed card never stands in for a password elsewhere.
 */
export function loadActor(db: Db, personId: string, linkScope?: { conferenceId: string | null }): Actor {
	const inScope = (conferenceId: string) => !linkScope || linkScope.conferenceId === conferenceId;
	const queries = standingOf(db);
	const account = queries.account.get({ personId });

	const conferences = new Map<string, { roles: Set<ConferenceRole>; memberStatus: MemberStatus | null }>();
	const conferenceRows = queries.conferences.all({ personId });
	for (const row of conferenceRows) {
		if (!inScope(row.conferenceId)) continue;
		const standing = conferences.get(row.conferenceId) ?? { roles: new Set(), memberStatus: null };
		standing.roles.add(row.role);
		if (row.memberStatus) standing.memberStatus = row.memberStatus;
		conferences.set(row.conferenceId, standing);
	}

	const groups = new Map<string, { conferenceId: string; kind: GroupKind; roles: Set<GroupRole> }>();
	const groupRows = queries.groups.all({ personId });
	for (const row of groupRows) {
		if (!inScope(row.conferenceId)) continue;
		const standing = groups.get(row.groupId) ?? { conferenceId: row.conferenceId, kind: row.kind, roles: new Set() };
		standing.roles.add(row.role);
		groups.set(row.groupId, standing);
	}

	return {
		personId,
		isPlatformAdmin: !linkScope && (account?.isPlatformAdmin ?? false),
		hasAccount: !linkScope && account !== undefined,
		conferences,
		groups
	};
}

export function hasConferenceRole(actor: Actor, conferenceId: string, ...roles: ConferenceRole[]): boolean {
	const standing = actor.conferences.get(conferenceId);
	return standing !== undefined && roles.some((role) => standing.roles.has(role));
}

export function hasMemberStatus(actor: Actor, conferenceId: string, ...statuses: MemberStatus[]): boolean {
	const status = actor.conferences.get(conferenceId)?.memberStatus;
	return status !== undefined && status !== null && statuses.includes(status);
}

export function hasGroupRole(actor: Actor, subject: { conferenceId: string; groupId: string }, ...roles: GroupRole[]): boolean {
	const standing = actor.groups.get(subject.groupId);
	return standing !== undefined && standing.conferenceId === subject.conferenceId && roles.some((role) => standing.roles.has(role));
}

export function belongsToConference(actor: Actor, conferenceId: string): boolean {
	return actor.conferences.has(conferenceId);
}

export function isOffice(actor: Actor, conferenceId: string): boolean {
	return hasConferenceRole(actor, conferenceId, 'office');
}

/** Whether the person holds any role in the conference's steering group (Lenkungsgruppe). */
export function inSteeringGroup(actor: Actor, conferenceId: string): boolean {
	// A group role outlives a removed conference role: it gives nothing once the person left.
	if (!belongsToConference(actor, conferenceId)) return false;
	for (const standing of actor.groups.values()) if (standing.conferenceId === conferenceId && standing.kind === 'steering') return true;
	return false;
}
