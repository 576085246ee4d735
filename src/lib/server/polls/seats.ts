import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { preparedFor } from '../db/prepared';
import { attendance, conferenceMemberships } from '../db/schema';
import { CommandError } from '../commands/support/errors';
import type { Seats } from '../../domain/voting';

// Asked for every vote and every ballot a page shows: compiled once per connection.
const statements = preparedFor((db) => ({
	membership: db
		.select({ status: conferenceMemberships.memberStatus, principal: conferenceMemberships.deputyForPersonId })
		.from(conferenceMemberships)
		.where(
			and(
				eq(conferenceMemberships.conferenceId, sql.placeholder('conferenceId')),
				eq(conferenceMemberships.personId, sql.placeholder('personId')),
				eq(conferenceMemberships.role, 'member')
			)
		)
		.prepare(),
	present: db
		.select({ id: attendance.id })
		.from(attendance)
		.where(and(eq(attendance.sessionId, sql.placeholder('sessionId')), eq(attendance.personId, sql.placeholder('personId'))))
		.prepare()
}));

/**
 * Seats are the voting members of a conference. A seat is represented in a session when its
 * member checked in, or when one of the member's deputies did.
 */
export function countSeats(db: Pick<Db, 'get'>, conferenceId: string, sessionId: string): Seats {
	const row = db.get<{ total: number; present: number }>(sql`
		select count(*) as total, coalesce(sum(
			exists (select 1 from attendance a where a.session_id = ${sessionId} and a.person_id = v.person_id)
			or exists (
				select 1 from conference_memberships d
				join attendance a on a.person_id = d.person_id and a.session_id = ${sessionId}
				where d.conference_id = v.conference_id and d.member_status = 'deputy' and d.deputy_for_person_id = v.person_id
			)
		), 0) as present
		from conference_memberships v
		where v.conference_id = ${conferenceId} and v.role = 'member' and v.member_status = 'voting'`);
	return { total: row?.total ?? 0, present: row?.present ?? 0 };
}

/**
 * Whose seat a person votes for: their own, if they are a voting member in the room; their
 * member's, if they are a deputy in the room and the member is not. Refuses everyone else.
 * Takes the connection, not a transaction's handle: inside one, it reads on the same connection.
 */
export function seatOf(db: Db, conferenceId: string, sessionId: string, personId: string): string {
	const q = statements(db);
	const membership = q.membership.get({ conferenceId, personId });
	if (membership?.status !== 'voting' && !(membership?.status === 'deputy' && membership.principal)) throw new CommandError('no_vote');
	if (!q.present.get({ sessionId, personId })) throw new CommandError('not_checked_in');
	if (membership.status === 'voting') return personId;
	const principal = membership.principal as string;
	if (q.present.get({ sessionId, personId: principal })) throw new CommandError('principal_present');
	return principal;
}
