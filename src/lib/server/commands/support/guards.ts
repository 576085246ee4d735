import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ConferenceRole, MemberStatus } from '../../../domain/roles';
import { first, type Data, type Query } from '../../db/client';
import { lockForUpdate, lockRows } from '../../db/locks';
import { CommandError } from './errors';

/** The person exists and holds at least one role in the conference (`tx`: inside a command's transaction). */
export async function requireConferencePersonOn(data: Data, conferenceId: string, personId: string, field?: string, tx: Query = data.q) {
	const { conferenceMemberships, people } = data.t;
	const person = first(await tx.select().from(people).where(eq(people.id, personId)));
	const membership = first(
		await tx
			.select({ id: conferenceMemberships.id })
			.from(conferenceMemberships)
			.where(and(eq(conferenceMemberships.conferenceId, conferenceId), eq(conferenceMemberships.personId, personId)))
	);
	if (!person || !membership) throw new CommandError('person_not_in_conference', field);
	return person;
}

/** The conference's working group (`tx`: inside a command's transaction). */
export async function requireGroupOn(data: Data, conferenceId: string, groupId: string, tx: Query = data.q) {
	const { workingGroups } = data.t;
	const group = first(
		await tx
			.select()
			.from(workingGroups)
			.where(and(eq(workingGroups.id, groupId), eq(workingGroups.conferenceId, conferenceId)))
	);
	if (!group) throw new CommandError('not_found');
	return group;
}

/** The conference's sitting (`tx`: inside a command's transaction). */
export async function requirePlenarySessionOn(data: Data, conferenceId: string, sessionId: string, tx: Query = data.q) {
	const { plenarySessions } = data.t;
	const session = first(
		await tx
			.select()
			.from(plenarySessions)
			.where(and(eq(plenarySessions.id, sessionId), eq(plenarySessions.conferenceId, conferenceId)))
	);
	if (!session) throw new CommandError('not_found');
	return session;
}

export interface RoleAssignment {
	role: ConferenceRole;
	memberStatus: MemberStatus | null;
	deputyForPersonId: string | null;
}

/**
 * Members carry a status, others none; a deputy stands in for a voting member of the same
 * conference. Returns the assignment normalised to what the table stores. A deputy's principal: their `member` row is held for
 * update before its status is read (README, "Rules that span rows"), so a change of the principal's
 * status (which holds the same row, `holdMemberRows`) and the deputy's insert do not pass each other.
 */
export async function checkRoleAssignmentOn(data: Data, tx: Query, conferenceId: string, input: RoleAssignment): Promise<RoleAssignment> {
	if (input.role !== 'member') return { role: input.role, memberStatus: null, deputyForPersonId: null };
	const memberStatus = input.memberStatus ?? 'voting';
	if (memberStatus !== 'deputy') return { role: 'member', memberStatus, deputyForPersonId: null };
	if (!input.deputyForPersonId) throw new CommandError('deputy_needs_principal', 'deputyForPersonId');
	await holdMemberRows(data, tx, conferenceId, [input.deputyForPersonId]);
	const { conferenceMemberships } = data.t;
	const principal = first(
		await tx
			.select({ status: conferenceMemberships.memberStatus })
			.from(conferenceMemberships)
			.where(
				and(
					eq(conferenceMemberships.conferenceId, conferenceId),
					eq(conferenceMemberships.personId, input.deputyForPersonId),
					eq(conferenceMemberships.role, 'member')
				)
			)
	);
	if (principal?.status !== 'voting') throw new CommandError('principal_not_voting', 'deputyForPersonId');
	return { role: 'member', memberStatus: 'deputy', deputyForPersonId: input.deputyForPersonId };
}

/**
 * Holds the `member` rows of these people in the conference for update, in id order (README,
 * "Rules that span rows": a deputy stands in for a voting member). Every writer of that rule takes
 * them before it reads: whoever changes or removes a voting member's status (the principal's own
 * row), and whoever adds a deputy (the principal's row, `checkRoleAssignmentOn`). A person without
 * a `member` row has nothing to hold. Nothing on SQLite (see `lockRows`).
 */
export async function holdMemberRows(data: Data, tx: Query, conferenceId: string, personIds: readonly string[]): Promise<void> {
	if (personIds.length === 0) return;
	const { conferenceMemberships } = data.t;
	const rows = await tx
		.select({ id: conferenceMemberships.id })
		.from(conferenceMemberships)
		.where(
			and(
				eq(conferenceMemberships.conferenceId, conferenceId),
				inArray(conferenceMemberships.personId, [...personIds]),
				eq(conferenceMemberships.role, 'member')
			)
		);
	await lockRows(
		data,
		tx,
		conferenceMemberships,
		rows.map((row) => row.id)
	);
}

/**
 * A voting member whose deputies would be left standing in for a non-voter may not lose the vote.
 * The caller holds the person's `member` row (`holdMemberRows`).
 */
export async function assertNoDeputiesOn(data: Data, tx: Query, conferenceId: string, personId: string): Promise<void> {
	const { conferenceMemberships } = data.t;
	const deputy = first(
		await tx
			.select({ id: conferenceMemberships.id })
			.from(conferenceMemberships)
			.where(and(eq(conferenceMemberships.conferenceId, conferenceId), eq(conferenceMemberships.deputyForPersonId, personId)))
	);
	if (deputy) throw new CommandError('has_deputies', 'memberStatus');
}

/**
 * The open poll of a session, held for the rest of the transaction, or a refusal that says why not.
 * For those who end or count a poll (close, cancel, room count): the row is locked for update
 * before it is read (README, "Rules that span rows"), so on PostgreSQL this waits for the votes
 * under way (they share the row) and for another close, and then reads what they committed:
 * a second close or a cancel after it is refused as closed, never written over the first.
 */
export async function holdOpenPoll(data: Data, tx: Query, sessionId: string, pollId: string) {
	await lockForUpdate(data, tx, data.t.polls, pollId);
	const { polls } = data.t;
	const poll = first(
		await tx
			.select()
			.from(polls)
			.where(and(eq(polls.id, pollId), eq(polls.sessionId, sessionId)))
	);
	if (!poll) throw new CommandError('not_found');
	if (poll.status !== 'open') throw new CommandError('poll_closed');
	return poll;
}

/** Two people of one conference with one address would receive each other's links (`tx`: inside a command's transaction). */
export async function assertEmailFreeInConferenceOn(data: Data, tx: Query, conferenceId: string, email: string, exceptPersonId?: string): Promise<void> {
	const { conferenceMemberships, people } = data.t;
	const rows = await tx
		.select({ id: people.id })
		.from(people)
		.innerJoin(conferenceMemberships, eq(conferenceMemberships.personId, people.id))
		.where(and(eq(conferenceMemberships.conferenceId, conferenceId), sql`lower(${people.email}) = lower(${email})`));
	if (rows.some((row) => row.id !== exceptPersonId)) throw new CommandError('email_taken', 'email');
}
