import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { RecipientKind } from '../../domain/invitations';
import type { ConferenceRole } from '../../domain/roles';
import { type Data, first, type Query } from '../db/client';

/**
 * Who a round goes to, as one SQL query of person ids: counted on the form before the round is
 * created, and the very same query feeds the `INSERT … SELECT` that writes one invitation per
 * person, so the count shown is the count written.
 */
export type RecipientSelection =
	{ kind: 'all' } | { kind: 'sector'; sectorId: string } | { kind: 'group'; groupId: string } | { kind: 'role'; role: ConferenceRole };

/** The person ids chosen, distinct; the caller has checked that a sector or group is the conference's (`selectionBelongs`). */
export function recipientIds(conferenceId: string, selection: RecipientSelection): SQL {
	switch (selection.kind) {
		case 'all':
			return sql`SELECT DISTINCT person_id FROM conference_memberships WHERE conference_id = ${conferenceId} AND role = 'member'`;
		// Seats and group roles are the conference's only while the person still holds a role in it.
		case 'sector':
			return sql`SELECT person_id FROM member_seats WHERE conference_id = ${conferenceId} AND sector_id = ${selection.sectorId}
				AND person_id IN (SELECT person_id FROM conference_memberships WHERE conference_id = ${conferenceId})`;
		case 'group':
			return sql`SELECT DISTINCT person_id FROM group_memberships WHERE group_id = ${selection.groupId}
				AND person_id IN (SELECT person_id FROM conference_memberships WHERE conference_id = ${conferenceId})`;
		case 'role':
			return sql`SELECT person_id FROM conference_memberships WHERE conference_id = ${conferenceId} AND role = ${selection.role}`;
	}
}

/** How many people the selection chooses (`tx`: inside a command's transaction, else `data.q`); the count read as a number on both. */
export async function countRecipientsOn(data: Data, tx: Query, conferenceId: string, selection: RecipientSelection): Promise<number> {
	const rows = await data.rows<{ n: number | string }>(sql`SELECT count(*) AS n FROM (${recipientIds(conferenceId, selection)}) AS chosen`, tx);
	return Number(rows[0]?.n ?? 0);
}

/**
 * Whether the sector or group named is this conference's (an id from another conference chooses
 * nobody, and says so); `tx`: inside a command's transaction, else `data.q`.
 */
export async function selectionBelongsOn(data: Data, tx: Query, conferenceId: string, selection: RecipientSelection): Promise<boolean> {
	const { conferenceSectors, workingGroups } = data.t;
	if (selection.kind === 'sector')
		return (
			(
				await tx
					.select({ id: conferenceSectors.id })
					.from(conferenceSectors)
					.where(and(eq(conferenceSectors.id, selection.sectorId), eq(conferenceSectors.conferenceId, conferenceId)))
			).length > 0
		);
	if (selection.kind === 'group')
		return (
			(
				await tx
					.select({ id: workingGroups.id })
					.from(workingGroups)
					.where(and(eq(workingGroups.id, selection.groupId), eq(workingGroups.conferenceId, conferenceId)))
			).length > 0
		);
	return true;
}

export function selectionFrom(kind: RecipientKind, value: string | null): RecipientSelection | null {
	if (kind === 'all') return { kind };
	if (!value) return null;
	if (kind === 'sector') return { kind, sectorId: value };
	if (kind === 'group') return { kind, groupId: value };
	return { kind, role: value as ConferenceRole };
}

/** The date a round invites to: a plenary sitting or a group meeting of this conference. */
export interface InvitedDate {
	target: 'plenary' | 'meeting';
	id: string;
	title: string;
	startsAt: Date;
	place: string | null;
}

/** The sitting or meeting of this conference a round invites to (on its own, or inside a transaction with its `tx`). */
export async function findInvitedDateOn(
	data: Data,
	conferenceId: string,
	target: 'plenary' | 'meeting',
	id: string,
	tx: Query = data.q
): Promise<InvitedDate | null> {
	const { groupMeetings, plenarySessions, workingGroups } = data.t;
	if (target === 'plenary') {
		const row = first(
			await tx
				.select({ id: plenarySessions.id, title: plenarySessions.title, startsAt: plenarySessions.startsAt, place: plenarySessions.place })
				.from(plenarySessions)
				.where(and(eq(plenarySessions.id, id), eq(plenarySessions.conferenceId, conferenceId)))
		);
		return row ? { target, ...row } : null;
	}
	const row = first(
		await tx
			.select({ id: groupMeetings.id, title: groupMeetings.title, groupName: workingGroups.name, startsAt: groupMeetings.startsAt, place: groupMeetings.place })
			.from(groupMeetings)
			.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
			.where(and(eq(groupMeetings.id, id), eq(workingGroups.conferenceId, conferenceId)))
	);
	return row ? { target, id: row.id, title: `${row.title} (${row.groupName})`, startsAt: row.startsAt, place: row.place } : null;
}
