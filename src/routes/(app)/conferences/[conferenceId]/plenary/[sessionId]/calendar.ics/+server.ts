import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { calendarDayInZone } from '$lib/domain/time';
import { calendarFileName } from '$lib/export/calendarFileName';
import { RATSCHLAG_PRODUCT_ID, writeCalendar } from '$lib/export/icalendar';
import { getLocale } from '$lib/paraglide/runtime';
import { sessionCalendarEvent } from '$lib/plenary/calendarEvent';
import { getData } from '$lib/server/db/data';
import { authorize } from '$lib/server/policies';
import { sessionForExport } from '$lib/server/queries/plenaryExport';

/** The session as an iCalendar file, to put it into one's own calendar with its agenda. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const exported = await sessionForExport(getData(), params.conferenceId, params.sessionId);
	if (!exported) error(404, { message: 'not_found' });
	const { conference, session } = exported;
	authorize(locals.actor, 'plenary.view', { conferenceId: conference.id, sessionId: session.id });
	const event = sessionCalendarEvent({
		conferenceName: conference.name,
		session: { ...session, updatedAt: session.updatedAt ?? session.createdAt },
		items: exported.items,
		plannedEnd: exported.plannedEnd,
		pageUrl: `${url.origin}/conferences/${conference.id}/plenary/${session.id}`,
		host: url.hostname,
		locale: getLocale()
	});
	return new Response(writeCalendar({ productId: RATSCHLAG_PRODUCT_ID, stamp: new Date(), events: [event] }), {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': `attachment; filename="${calendarFileName(session.title, calendarDayInZone(session.startsAt), 'plenum')}"`
		}
	});
};
