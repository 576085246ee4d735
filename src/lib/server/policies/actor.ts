import { eq, sql } from 'drizzle-orm';
import type { ConferenceRole, GroupKind, GroupRole, MemberStatus } from '../../domain/roles';
import type { Db } from '../db';
import type { Data } from '../db/client';
import { preparedFor, preparedOn } from '../db/prepared';
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

type AccountRow = { isPlatformAdmin: boolean };
type ConferenceRow = { conferenceId: string; role: ConferenceRole; memberStatus: MemberStatus | null };
type GroupRow = { groupId: string; conferenceId: string; kind: GroupKind; role: GroupRole };

/**
 * A person's standing from their rows: both forms of `loadActor` read the same three and fold
 * them here. `linkScope` is set for sessions opened with an access link: such a session has no
 * account rights (no admin, no conference creation) and only the roles of the link's conference,
 * so a printed card never stands in for a password elsewhere.
 */
function actorOf(
	personId: string,
	linkScope: { conferenceId: string | null } | undefined,
	account: AccountRow | undefined,
	conferenceRows: readonly ConferenceRow[],
	groupRows: readonly GroupRow[]
): Actor {
	const inScope = (conferenceId: string) => !linkScope || linkScope.conferenceId === conferenceId;

	const conferences = new Map<string, { roles: Set<ConferenceRole>; memberStatus: MemberStatus | null }>();
	for (const row of conferenceRows) {
		if (!inScope(row.conferenceId)) continue;
		const standing = conferences.get(row.conferenceId) ?? { roles: new Set(), memberStatus: null };
		standing.roles.add(row.role);
		if (row.memberStatus) standing.memberStatus = row.memberStatus;
		conferences.set(row.conferenceId, standing);
	}

	const groups = new Map<string, { conferenceId: string; kind: GroupKind; roles: Set<GroupRole> }>();
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

/**
 * Loads a person's standing (see `actorOf` for the link scope). The synchronous twin of
 * `loadActorOn`, kept for the commands, the document server and the tests that still call it on
 * the synchronous layer; it goes when its last caller moves.
 */
export function loadActor(db: Db, personId: string, linkScope?: { conferenceId: string | null }): Actor {
	const queries = standingOf(db);
	return actorOf(personId, linkScope, queries.account.get({ personId }), queries.conferences.all({ personId }), queries.groups.all({ personId }));
}

const accountOn = preparedOn((q, t) =>
	q
		.select({ isPlatformAdmin: t.accounts.isPlatformAdmin })
		.from(t.accounts)
		.where(eq(t.accounts.personId, sql.placeholder('personId')))
);
const conferenceRolesOn = preparedOn((q, t) =>
	q
		.select({ conferenceId: t.conferenceMemberships.conferenceId, role: t.conferenceMemberships.role, memberStatus: t.conferenceMemberships.memberStatus })
		.from(t.conferenceMemberships)
		.where(eq(t.conferenceMemberships.personId, sql.placeholder('personId')))
);
const groupRolesOn = preparedOn((q, t) =>
	q
		.select({ groupId: t.groupMemberships.groupId, conferenceId: t.workingGroups.conferenceId, kind: t.workingGroups.kind, role: t.groupMemberships.role })
		.from(t.groupMemberships)
		.innerJoin(t.workingGroups, eq(t.groupMemberships.groupId, t.workingGroups.id))
		.where(eq(t.groupMemberships.personId, sql.placeholder('personId')))
);

/**
 * `loadActor` on the data layer, as every request with a session runs it: three prepared reads,
 * side by side (on PostgreSQL three pooled connections; on SQLite one after another anyway).
 */
export async function loadActorOn(data: Data, personId: string, linkScope?: { conferenceId: string | null }): Promise<Actor> {
	const [account, conferenceRows, groupRows] = await Promise.all([
		accountOn(data).first({ personId }),
		conferenceRolesOn(data).all({ personId }),
		groupRolesOn(data).all({ personId })
	]);
	return actorOf(personId, linkScope, account, conferenceRows, groupRows);
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
