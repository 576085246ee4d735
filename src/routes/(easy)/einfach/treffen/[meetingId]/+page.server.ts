import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { meetingText } from '$lib/easy/standardTexts';
import { getDb } from '$lib/server/db';
import { meetingSubject } from '$lib/server/commands/planGroupMeeting';
import { easyVersionOf } from '$lib/server/easy/versions';
import { getGroupMeeting } from '$lib/server/queries/meetings';
import { findGroupMeeting } from '$lib/server/queries/myDates';
import { authorize } from '$lib/server/policies';

/** A working group's meeting in easy language: when, where, its points, and its easy text. */
export const load: PageServerLoad = ({ locals, params }) => {
	const db = getDb();
	const found = findGroupMeeting(db, params.meetingId);
	const meeting = found ? getGroupMeeting(db, found.groupId, params.meetingId) : undefined;
	if (!found || !meeting) error(404, { message: 'not_found' });
	authorize(locals.actor, 'meeting.view', meetingSubject(found.conferenceId, meeting));
	return {
		groupName: found.groupName,
		meeting: {
			id: meeting.id,
			title: meeting.title,
			startsAt: meeting.startsAt,
			endsAt: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
			place: meeting.place,
			videoUrl: meeting.videoUrl,
			agenda: meeting.agenda
		},
		easy: easyVersionOf(db, 'group_meeting', meeting.id, meetingText(meeting))
	};
};
