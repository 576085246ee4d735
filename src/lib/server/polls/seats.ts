import { and, eq, sql } from 'drizzle-orm';
import { first, type Data, type Query } from '../db/client';
import { preparedOn } from '../db/prepared';
import { CommandError } from '../commands/support/errors';
import type { Seats } from '../../domain/voting';

/**
 * Seats are the voting members of a conference. A seat is represented in a session when its
 * member checked in, or when one of the member's deputies did. One statement for both databases:
 * a CASE, not a sum of booleans (PostgreSQL has no sum of booleans).
 */
const seatsStatement = (conferenceId: string, sessionId: string) => sql`
		select count(*) as total, coalesce(sum(case when
			exists (select 1 from attendance a where a.session_id = ${sessionId} and a.person_id = v.person_id)
			or exists (
				select 1 from conference_memberships d
				join attendance a on a.person_id = d.person_id and a.session_id = ${sessionId}
				where d.conference_id = v.conference_id and d.member_status = 'deputy' and d.deputy_for_person_id = v.person_id
			)
		then 1 else 0 end), 0) as present
		from conference_memberships v
		where v.conference_id = ${conferenceId} and v.role = 'member' and v.member_status = 'voting'`;

// PostgreSQL gives count and sum as strings (bigint, numeric).
const seatsOf = (row: { total: number | string; present: number | string } | undefined): Seats => ({
	total: Number(row?.total ?? 0),
	present: Number(row?.present ?? 0)
});

export async function countSeatsOn(data: Data, conferenceId: string, sessionId: string, tx?: Query): Promise<Seats> {
	return seatsOf(first(await data.rows<{ total: number | string; present: number | string }>(seatsStatement(conferenceId, sessionId), tx)));
}

// Asked for every vote and every ballot a page shows: built once per handle.
const membershipOf = preparedOn((q, t) =>
	q
		.select({ status: t.conferenceMemberships.memberStatus, principal: t.conferenceMemberships.deputyForPersonId })
		.from(t.conferenceMemberships)
		.where(
			and(
				eq(t.conferenceMemberships.conferenceId, sql.placeholder('conferenceId')),
				eq(t.conferenceMemberships.personId, sql.placeholder('personId')),
				eq(t.conferenceMemberships.role, 'member')
			)
		)
);
const presence = preparedOn((q, t) =>
	q
		.select({ id: t.attendance.id })
		.from(t.attendance)
		.where(and(eq(t.attendance.sessionId, sql.placeholder('sessionId')), eq(t.attendance.personId, sql.placeholder('personId'))))
);

/**
 * Whose seat a person votes for: their own, if they are a voting member in the room; their
 * member's, if they are a deputy in the room and the member is not. Refuses everyone else.
 * Read in `tx` when castVote asks, inside its transaction.
 */
export async function seatOf(data: Data, conferenceId: string, sessionId: string, personId: string, tx?: Query): Promise<string> {
	const membership = await membershipOf(data).first({ conferenceId, personId }, tx);
	if (membership?.status !== 'voting' && !(membership?.status === 'deputy' && membership.principal)) throw new CommandError('no_vote');
	const present = async (who: string) => (await presence(data).first({ sessionId, personId: who }, tx)) !== undefined;
	if (!(await present(personId))) throw new CommandError('not_checked_in');
	if (membership.status === 'voting') return personId;
	const principal = membership.principal as string;
	if (await present(principal)) throw new CommandError('principal_present');
	return principal;
}
