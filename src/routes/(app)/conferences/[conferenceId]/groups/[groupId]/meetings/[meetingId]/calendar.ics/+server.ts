import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { calendarDayInZone } from '$lib/domain/time';
import { calendarFileName } from '$lib/export/calendarFileName';
import { RATSCHLAG_PRODUCT_ID, writeCalendar } from '$lib/export/icalendar';
import { meetingCalendarEvent } from '$lib/meetings/calendarEvent';
import { getLocale } from '$lib/paraglide/runtime';
import { meetingSubject } from '$lib/server/policies';
import { authorize } from '$lib/server/policies';
import { getGroup } from '$lib/server/queries/groups';
import { getGroupMeeting } from '$lib/server/queries/meetings';
import { getData } from '$lib/server/db/data';

/** The meeting as an iCalendar file, with its agenda, for one's own calendar. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const data = getData();
	const group = await getGroup(data, params.conferenceId, params.groupId);
	const meeting = group ? await getGroupMeeting(data, group.id, params.meetingId) : undefined;
	if (!group || !meeting) error(404, { message: 'not_found' });
	authorize(locals.actor, 'meeting.view', meetingSubject(params.conferenceId, meeting));
	const pageUrl = `${url.origin}/conferences/${params.conferenceId}/groups/${group.id}/meetings/${meeting.id}`;
	const event = meetingCalendarEvent({ groupName: group.name, meeting, pageUrl, host: url.hostname, locale: getLocale() });
	return new Response(writeCalendar({ productId: RATSCHLAG_PRODUCT_ID, stamp: new Date(), events: [event] }), {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': `attachment; filename="${calendarFileName(meeting.title, calendarDayInZone(meeting.startsAt), 'sitzung')}"`
		}
	});
};
