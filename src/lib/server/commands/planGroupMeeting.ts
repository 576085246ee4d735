import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { groupMeetings, groupMemberships } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { CommandError } from './errors';
import { requireGroup } from './guards';

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

type Reader = Pick<Db, 'select'>;

/** A meeting happens somewhere, and its moderator and minute-taker belong to the group. */
function checkMeeting(tx: Reader, groupId: string, input: MeetingInput): void {
	if (!input.place && !input.videoUrl) throw new CommandError('meeting_needs_place', 'place');
	for (const field of ['moderatorPersonId', 'minuteTakerPersonId'] as const) {
		const personId = input[field];
		if (!personId) continue;
		const member = tx
			.select({ id: groupMemberships.id })
			.from(groupMemberships)
			.where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.personId, personId)))
			.get();
		if (!member) throw new CommandError('person_not_in_group', field);
	}
}

const audited = (meeting: typeof groupMeetings.$inferSelect) => ({
	title: meeting.title,
	startsAt: meeting.startsAt.toISOString(),
	durationMinutes: meeting.durationMinutes,
	place: meeting.place,
	videoUrl: meeting.videoUrl,
	agenda: meeting.agenda,
	moderatorPersonId: meeting.moderatorPersonId,
	minuteTakerPersonId: meeting.minuteTakerPersonId
});

/** The coordination (or the office) plans a meeting of the group. */
export function createGroupMeeting(db: Db, actor: Actor, input: MeetingInput & { conferenceId: string; groupId: string }) {
	const { conferenceId, groupId, ...fields } = input;
	authorize(actor, 'meeting.create', { conferenceId, groupId });
	return db.transaction((tx) => {
		requireGroup(tx, conferenceId, groupId);
		checkMeeting(tx, groupId, fields);
		const meeting = tx.insert(groupMeetings).values({ groupId, ...fields }).returning().get();
		recordAudit(tx, actor, { action: 'meeting.create', conferenceId, subjectType: 'meeting', subjectId: meeting.id, after: audited(meeting) });
		return meeting;
	});
}

/** Details, agenda and this meeting's moderator and minute-taker change; the log keeps both sides. */
export function updateGroupMeeting(db: Db, actor: Actor, input: MeetingInput & { conferenceId: string; groupId: string; meetingId: string }) {
	const { conferenceId, groupId, meetingId, ...fields } = input;
	return db.transaction((tx) => {
		const before = requireMeeting(tx, conferenceId, groupId, meetingId);
		authorize(actor, 'meeting.update', meetingSubject(conferenceId, before));
		checkMeeting(tx, groupId, fields);
		const meeting = tx
			.update(groupMeetings)
			.set({ ...fields, updatedAt: new Date() })
			.where(eq(groupMeetings.id, meetingId))
			.returning()
			.get();
		recordAudit(tx, actor, { action: 'meeting.update', conferenceId, subjectType: 'meeting', subjectId: meetingId, before: audited(before), after: audited(meeting) });
		return meeting;
	});
}

/** The meeting, if it belongs to that group of that conference. */
export function requireMeeting(tx: Reader, conferenceId: string, groupId: string, meetingId: string) {
	requireGroup(tx, conferenceId, groupId);
	const meeting = tx
		.select()
		.from(groupMeetings)
		.where(and(eq(groupMeetings.id, meetingId), eq(groupMeetings.groupId, groupId)))
		.get();
	if (!meeting) throw new CommandError('not_found');
	return meeting;
}

/** What the policies are asked about a meeting. */
export function meetingSubject(conferenceId: string, meeting: typeof groupMeetings.$inferSelect) {
	return { conferenceId, groupId: meeting.groupId, moderatorPersonId: meeting.moderatorPersonId, minuteTakerPersonId: meeting.minuteTakerPersonId };
}
