import { and, eq, sql } from 'drizzle-orm';
import { flatRateFor } from '../../domain/allowances/amounts';
import type { MeetingType } from '../../domain/allowances/types';
import type { GroupKind } from '../../domain/roles';
import { first, type Data, type Query } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { allowanceYear, rulesForOn } from './rules';

/** The meeting a claim is for: a sitting of the plenary or a meeting of a group. */
export type ClaimMeeting = { sessionId: string } | { groupMeetingId: string };

const MEETING_TYPE_OF_GROUP: Record<GroupKind, MeetingType> = { working: 'working_group', steering: 'steering_group', other: 'other' };

export interface MeetingFacts {
	conferenceId: string;
	type: MeetingType;
	title: string;
	startsAt: Date;
}

/** What a claim copies of its meeting: conference, type, title (the group's name once), start. */
export async function meetingFactsOn(data: Data, tx: Query, meeting: ClaimMeeting): Promise<MeetingFacts | null> {
	const { groupMeetings, plenarySessions, workingGroups } = data.t;
	if ('sessionId' in meeting) {
		const s = first(
			await tx
				.select({ conferenceId: plenarySessions.conferenceId, title: plenarySessions.title, startsAt: plenarySessions.startsAt })
				.from(plenarySessions)
				.where(eq(plenarySessions.id, meeting.sessionId))
		);
		return s ? { ...s, type: 'plenary' } : null;
	}
	const m = first(
		await tx
			.select({
				conferenceId: workingGroups.conferenceId,
				title: groupMeetings.title,
				groupName: workingGroups.name,
				kind: workingGroups.kind,
				startsAt: groupMeetings.startsAt
			})
			.from(groupMeetings)
			.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
			.where(eq(groupMeetings.id, meeting.groupMeetingId))
	);
	if (!m) return null;
	// Meetings are often titled after their group already ("AG Zugang für alle: Auftakt"): name the group once.
	const title = m.title.startsWith(m.groupName) ? m.title : `${m.groupName}: ${m.title}`;
	return { conferenceId: m.conferenceId, type: MEETING_TYPE_OF_GROUP[m.kind], title, startsAt: m.startsAt };
}

/**
 * The claim of one person for one meeting, with the meeting's flat rate as its first line: made
 * once, found again on every later call (a claim per person and meeting, by unique index). The
 * meeting's facts and the rate are copied, so later changes to either never change a claim.
 * Runs inside the caller's transaction; whether the person is eligible and attended is the caller's.
 * The conference's row is held for update before the lookup and the `max + 1` (README, "Rules
 * that span rows"): on PostgreSQL a
 * second drafting for the same conference waits, then finds the claim made or counts past its
 * number, so numbers stay gap-free and a person has one claim per meeting
 * (`claims_person_session`, `claims_person_group_meeting`, `claims_number` back it).
 */
export async function draftClaimOn(
	data: Data,
	tx: Query,
	input: { personId: string; meeting: ClaimMeeting; now: Date; actorPersonId: string | null }
): Promise<{ claimId: string; created: boolean } | null> {
	const facts = await meetingFactsOn(data, tx, input.meeting);
	if (!facts) return null;
	const { claimLines, claims, conferences } = data.t;
	await lockForUpdate(data, tx, conferences, facts.conferenceId);
	const existing = first(
		await tx
			.select({ id: claims.id })
			.from(claims)
			.where(
				and(
					eq(claims.personId, input.personId),
					'sessionId' in input.meeting ? eq(claims.sessionId, input.meeting.sessionId) : eq(claims.groupMeetingId, input.meeting.groupMeetingId)
				)
			)
	);
	if (existing) return { claimId: existing.id, created: false };
	const year = allowanceYear(facts.startsAt);
	const rules = await rulesForOn(data, facts.conferenceId, year, tx);
	const next = Number(
		first(
			await tx
				.select({ n: sql<number | string>`coalesce(max(${claims.number}), 0) + 1` })
				.from(claims)
				.where(and(eq(claims.conferenceId, facts.conferenceId), eq(claims.year, year)))
		)!.n
	);
	const [claim] = await tx
		.insert(claims)
		.values({
			conferenceId: facts.conferenceId,
			personId: input.personId,
			year,
			number: next,
			sessionId: 'sessionId' in input.meeting ? input.meeting.sessionId : null,
			groupMeetingId: 'groupMeetingId' in input.meeting ? input.meeting.groupMeetingId : null,
			meetingType: facts.type,
			meetingTitle: facts.title,
			meetingStartsAt: facts.startsAt,
			createdAt: input.now
		})
		.returning({ id: claims.id });
	await tx
		.insert(claimLines)
		.values({ claimId: claim.id, kind: 'flat', amountCents: flatRateFor(rules, facts.type), createdAt: input.now, createdByPersonId: input.actorPersonId });
	return { claimId: claim.id, created: true };
}
