import { and, eq } from 'drizzle-orm';
import { first, type Data, type Query } from '../db/client';
import type { DataEffects } from '../effects/transactOn';
import { recordAuditsIn } from '../audit/record';
import { claimStepMailKey } from '../jobs/kinds/mailClaimStep';
import type { Actor } from '../policies';
import type { ClaimMeeting } from './draftClaim';
import { draftClaimsOn } from './draftClaims';

export interface DraftForMeeting {
	conferenceId: string;
	meeting: ClaimMeeting;
	/** Where the mails' links point. */
	origin: string;
	now: Date;
}

/** The meeting, if it is one of this conference: its start and how long it lasts (a sitting has no set length). */
export async function meetingOfConferenceOn(
	data: Data,
	tx: Query,
	conferenceId: string,
	meeting: ClaimMeeting
): Promise<{ startsAt: Date; durationMinutes: number | null } | null> {
	const { groupMeetings, plenarySessions, workingGroups } = data.t;
	if ('sessionId' in meeting) {
		const s = first(
			await tx
				.select({ startsAt: plenarySessions.startsAt })
				.from(plenarySessions)
				.where(and(eq(plenarySessions.id, meeting.sessionId), eq(plenarySessions.conferenceId, conferenceId)))
		);
		return s ? { startsAt: s.startsAt, durationMinutes: null } : null;
	}
	const m = first(
		await tx
			.select({ startsAt: groupMeetings.startsAt, durationMinutes: groupMeetings.durationMinutes })
			.from(groupMeetings)
			.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
			.where(and(eq(groupMeetings.id, meeting.groupMeetingId), eq(workingGroups.conferenceId, conferenceId)))
	);
	return m ?? null;
}

/** Everyone the office marked eligible who was at the meeting (checked in at a sitting, marked present at a group's meeting). */
async function eligibleAttendeesOn(data: Data, tx: Query, conferenceId: string, meeting: ClaimMeeting): Promise<string[]> {
	const { allowancePayees, attendance, meetingAttendance } = data.t;
	const payee = (personColumn: typeof attendance.personId | typeof meetingAttendance.personId) =>
		and(eq(allowancePayees.personId, personColumn), eq(allowancePayees.conferenceId, conferenceId), eq(allowancePayees.eligible, true));
	const rows =
		'sessionId' in meeting
			? await tx
					.select({ personId: attendance.personId })
					.from(attendance)
					.innerJoin(allowancePayees, payee(attendance.personId))
					.where(eq(attendance.sessionId, meeting.sessionId))
			: await tx
					.select({ personId: meetingAttendance.personId })
					.from(meetingAttendance)
					.innerJoin(allowancePayees, payee(meetingAttendance.personId))
					.where(eq(meetingAttendance.meetingId, meeting.groupMeetingId));
	return rows.map((r) => r.personId);
}

/**
 * A claim for every eligible person who attended the meeting, each with the meeting's flat rate
 * (no retyping). Claims already there are found, not made again, so this may run as often as
 * attendance changes. Each new claim is audited and its person told by mail. Runs in the caller's
 * `transactOn`: the claims by `draftClaimsOn` (the conference's row held), two statements for the
 * meeting however many attended; their audit rows and mails in a few more (a meeting of a
 * state-wide conference drafts a thousand claims). Who may ask for it is the caller's question.
 */
export async function draftClaimsForMeetingOn(
	data: Data,
	tx: Query,
	effects: DataEffects,
	actor: Actor,
	input: DraftForMeeting
): Promise<{ drafted: string[]; existing: number }> {
	const attendees = await eligibleAttendeesOn(data, tx, input.conferenceId, input.meeting);
	if (attendees.length === 0) return { drafted: [], existing: 0 };
	const result = await draftClaimsOn(data, tx, { personIds: attendees, meeting: input.meeting, now: input.now, actorPersonId: actor.personId });
	if (!result) return { drafted: [], existing: 0 };
	await recordAuditsIn(
		data,
		tx,
		actor,
		result.created.map((claimId, i) => ({
			action: 'claim.draft',
			conferenceId: input.conferenceId,
			subjectType: 'claim',
			subjectId: claimId,
			after: { personId: result.createdFor[i], ...input.meeting }
		}))
	);
	await effects.jobs(
		'mail.claimStep',
		result.created.map((claimId) => ({
			payload: { claimId, step: 'drafted' as const, origin: input.origin },
			options: { key: claimStepMailKey({ claimId, step: 'drafted' }), conferenceId: input.conferenceId }
		}))
	);
	return { drafted: result.created, existing: result.existing.length };
}
