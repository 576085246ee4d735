import { and, eq, inArray, isNotNull, ne, or } from 'drizzle-orm';
import type { Db } from '../db';
import { attendance, conferenceMemberships, groupMemberships, meetingAttendance, people } from '../db/schema';

type Reader = Pick<Db, 'select'>;

/**
 * Who is told that minutes went round for corrections: the people concerned, reachable by mail,
 * except whoever sent them round (they know).
 * - a meeting's minutes: the group's members (any role in the group) and whoever was present;
 * - a sitting's minutes: the conference's members (voting, advisory, deputies) and moderators, who
 *   decide in the plenary, and whoever was present at the sitting (guests too).
 * The office is not mailed as such: it follows the minutes on its pages.
 */
export function meetingMinutesRecipients(tx: Reader, input: { groupId: string; meetingId: string; exceptPersonId: string | null }): string[] {
	const members = tx.select({ personId: groupMemberships.personId }).from(groupMemberships).where(eq(groupMemberships.groupId, input.groupId)).all();
	const present = tx.select({ personId: meetingAttendance.personId }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, input.meetingId)).all();
	return reachable(tx, [...members, ...present], input.exceptPersonId);
}

export function sittingMinutesRecipients(tx: Reader, input: { conferenceId: string; sessionId: string; exceptPersonId: string | null }): string[] {
	const members = tx
		.select({ personId: conferenceMemberships.personId })
		.from(conferenceMemberships)
		.where(
			and(eq(conferenceMemberships.conferenceId, input.conferenceId), or(eq(conferenceMemberships.role, 'member'), eq(conferenceMemberships.role, 'moderator')))
		)
		.all();
	const present = tx.select({ personId: attendance.personId }).from(attendance).where(eq(attendance.sessionId, input.sessionId)).all();
	return reachable(tx, [...members, ...present], input.exceptPersonId);
}

/** Each person once, in a stable order, only with an address, never the sender. */
function reachable(tx: Reader, rows: { personId: string }[], exceptPersonId: string | null): string[] {
	const ids = [...new Set(rows.map((r) => r.personId))].filter((id) => id !== exceptPersonId);
	if (ids.length === 0) return [];
	const found: string[] = [];
	// SQLite's limit on bound parameters: ask in slices.
	for (let i = 0; i < ids.length; i += 500) {
		const slice = ids.slice(i, i + 500);
		found.push(
			...tx
				.select({ id: people.id })
				.from(people)
				.where(and(inArray(people.id, slice), isNotNull(people.email), ne(people.email, '')))
				.all()
				.map((r) => r.id)
		);
	}
	return found.sort();
}
