import { and, eq, inArray, isNotNull, ne, or } from 'drizzle-orm';
import { can } from '../policies/can';
import { loadActorOn } from '../policies/actor';
import type { Data } from '../db/client';
import { findMinutesSubjectOn, findSittingMinutesSubjectOn } from '../policies/subjects/lookupOn';

/**
 * Who is told that minutes went round for corrections: the people concerned, reachable by mail,
 * except whoever sent them round (they know).
 * - a meeting's minutes: the group's members (any role in the group) and whoever was present;
 * - a sitting's minutes: the conference's members (voting, advisory, deputies) and moderators, who
 *   decide in the plenary, and whoever was present at the sitting (guests too).
 * The office is not mailed as such: it follows the minutes on its pages.
 * Only those whom the policies let read the circulated minutes are mailed: a link that answers 403
 * tells nobody anything (a guest who came to a sitting, say, reads its minutes once approved).
 *
 * Read on the data layer on its own, not in a transaction: the actors are loaded on `data`.
 */
export async function meetingMinutesRecipientsOn(data: Data, input: { groupId: string; meetingId: string; exceptPersonId: string | null }): Promise<string[]> {
	const { groupMemberships, meetingAttendance } = data.t;
	const members = await data.q.select({ personId: groupMemberships.personId }).from(groupMemberships).where(eq(groupMemberships.groupId, input.groupId));
	const present = await data.q.select({ personId: meetingAttendance.personId }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, input.meetingId));
	const subject = await findMinutesSubjectOn(data, input.meetingId);
	if (!subject) return [];
	const circulated = { ...subject, status: 'circulated' as const };
	const recipients: string[] = [];
	for (const id of await reachableOn(data, [...members, ...present], input.exceptPersonId))
		if (can(await loadActorOn(data, id), 'minutes.read', circulated)) recipients.push(id);
	return recipients;
}

export async function sittingMinutesRecipientsOn(
	data: Data,
	input: { conferenceId: string; sessionId: string; exceptPersonId: string | null }
): Promise<string[]> {
	const { conferenceMemberships, attendance } = data.t;
	const members = await data.q
		.select({ personId: conferenceMemberships.personId })
		.from(conferenceMemberships)
		.where(
			and(eq(conferenceMemberships.conferenceId, input.conferenceId), or(eq(conferenceMemberships.role, 'member'), eq(conferenceMemberships.role, 'moderator')))
		);
	const present = await data.q.select({ personId: attendance.personId }).from(attendance).where(eq(attendance.sessionId, input.sessionId));
	const subject = await findSittingMinutesSubjectOn(data, input.sessionId);
	if (!subject) return [];
	const circulated = { ...subject, status: 'circulated' as const };
	const recipients: string[] = [];
	for (const id of await reachableOn(data, [...members, ...present], input.exceptPersonId))
		if (can(await loadActorOn(data, id), 'sittingMinutes.view', circulated)) recipients.push(id);
	return recipients;
}

/** Each person once, in a stable order, only with an address, never the sender. */
async function reachableOn(data: Data, rows: { personId: string }[], exceptPersonId: string | null): Promise<string[]> {
	const { people } = data.t;
	const ids = [...new Set(rows.map((r) => r.personId))].filter((id) => id !== exceptPersonId);
	const found: string[] = [];
	// SQLite's limit on bound parameters: ask in slices.
	for (let i = 0; i < ids.length; i += 500) {
		const slice = ids.slice(i, i + 500);
		const rows = await data.q
			.select({ id: people.id })
			.from(people)
			.where(and(inArray(people.id, slice), isNotNull(people.email), ne(people.email, '')));
		found.push(...rows.map((r) => r.id));
	}
	return found.sort();
}
