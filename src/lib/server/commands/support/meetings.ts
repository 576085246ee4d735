import { and, eq } from 'drizzle-orm';
import { first, type Data, type Query, type Tables } from '../../db/client';
import { CommandError } from './errors';
import { requireGroupOn } from './guards';

export interface MeetingInput {
	title: string;
	startsAt: Date;
	durationMinutes: number;
	place: string | null;
	videoUrl: string | null;
	/** One agenda point per entry, in order. */
	agenda: string[];
	moderatorPersonId: string | null;
	minuteTakerPersonId: string | null;
}

/** A meeting happens somewhere, and its moderator and minute-taker belong to the group. */
export async function checkMeeting(data: Data, tx: Query, groupId: string, input: MeetingInput): Promise<void> {
	if (!input.place && !input.videoUrl) throw new CommandError('meeting_needs_place', 'place');
	const { groupMemberships } = data.t;
	for (const field of ['moderatorPersonId', 'minuteTakerPersonId'] as const) {
		const personId = input[field];
		if (!personId) continue;
		const member = first(
			await tx
				.select({ id: groupMemberships.id })
				.from(groupMemberships)
				.where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.personId, personId)))
		);
		if (!member) throw new CommandError('person_not_in_group', field);
	}
}

/** What the audit log keeps of a meeting. */
export const auditedMeeting = (meeting: Tables['groupMeetings']['$inferSelect']) => ({
	title: meeting.title,
	startsAt: meeting.startsAt.toISOString(),
	durationMinutes: meeting.durationMinutes,
	place: meeting.place,
	videoUrl: meeting.videoUrl,
	agenda: meeting.agenda,
	moderatorPersonId: meeting.moderatorPersonId,
	minuteTakerPersonId: meeting.minuteTakerPersonId
});

/** The meeting, if it belongs to that group of that conference (`tx`: inside a command's transaction). */
export async function requireMeetingOn(data: Data, conferenceId: string, groupId: string, meetingId: string, tx: Query = data.q) {
	await requireGroupOn(data, conferenceId, groupId, tx);
	const { groupMeetings } = data.t;
	const meeting = first(
		await tx
			.select()
			.from(groupMeetings)
			.where(and(eq(groupMeetings.id, meetingId), eq(groupMeetings.groupId, groupId)))
	);
	if (!meeting) throw new CommandError('not_found');
	return meeting;
}

/** Whether someone was marked present at a meeting. */
export async function findMeetingAttendance(data: Data, tx: Query, meetingId: string, personId: string) {
	const { meetingAttendance } = data.t;
	return first(
		await tx
			.select()
			.from(meetingAttendance)
			.where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.personId, personId)))
	);
}
