import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { meetingText } from '$lib/easy/standardTexts';
import { meetingSubject } from '$lib/server/policies';
import { easyVersionOf } from '$lib/server/easy/versions';
import { getGroupMeeting } from '$lib/server/queries/meetings';
import { findGroupMeeting } from '$lib/server/queries/myDates';
import { authorize, can, type Actor } from '$lib/server/policies';
import type { EasyVersion } from '$lib/easy/versions';
import { findMinutesSubjectOn } from '$lib/server/policies/subjects';
import type { Data } from '$lib/server/db/client';
import { getData } from '$lib/server/db/data';

/**
 * What was decided, in easy language: the summary of the approved minutes, where one was
 * written and the person may read the minutes. The minutes themselves are no easy text, so
 * without a summary the page says nothing of them.
 */
async function minutesSummary(data: Data, actor: Actor, meetingId: string): Promise<EasyVersion | null> {
	const subject = await findMinutesSubjectOn(data, meetingId);
	if (!subject || subject.status !== 'approved' || !can(actor, 'minutes.read', subject)) return null;
	const version = await easyVersionOf(data, 'minutes', meetingId);
	return version.status === 'missing' ? null : version;
}

/** A working group's meeting in easy language: when, where, its points, and its easy text. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const data = getData();
	const found = await findGroupMeeting(data, params.meetingId);
	const meeting = found ? await getGroupMeeting(data, found.groupId, params.meetingId) : undefined;
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
		easy: await easyVersionOf(data, 'group_meeting', meeting.id, meetingText(meeting)),
		minutesSummary: await minutesSummary(data, locals.actor, meeting.id)
	};
};
