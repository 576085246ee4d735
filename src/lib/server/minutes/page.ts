import { error } from '@sveltejs/kit';
import type { Data } from '../db/client';
import { authorize, type Action, type Actor } from '../policies';
import { getGroup } from '../queries/groups';
import { getGroupMeeting } from '../queries/meetings';
import { minutesOverview } from '../queries/minutes';
import { meetingSubject } from '../policies';

/** The group, meeting and minutes a minutes page is about, after the policies allowed `action`. */
export async function minutesPageContext(
	data: Data,
	actor: Actor,
	params: { conferenceId: string; groupId: string; meetingId: string },
	action: Action & `minutes.${string}`
) {
	const group = await getGroup(data, params.conferenceId, params.groupId);
	const meeting = group ? await getGroupMeeting(data, group.id, params.meetingId) : undefined;
	if (!group || !meeting) error(404, { message: 'not_found' });
	const overview = await minutesOverview(data, meeting.id);
	const subject = { ...meetingSubject(params.conferenceId, meeting), status: overview.status };
	authorize(actor, action, subject as never);
	return { group, meeting, overview, subject };
}
