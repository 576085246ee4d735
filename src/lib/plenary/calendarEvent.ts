import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/domain/roles';
import type { CalendarEvent } from '$lib/export/icalendar';
import { formatTime } from '$lib/i18n/labels';
import type { ScheduledItem } from './agenda';

/** How long a session without a planned agenda is put into calendars. */
export const DEFAULT_SESSION_MINUTES = 120;

export interface SessionCalendarInput {
	conferenceName: string;
	session: { id: string; title: string; startsAt: Date; place: string; videoUrl: string | null; updatedAt?: Date | null };
	items: ScheduledItem[];
	plannedEnd: Date | null;
	/** The session's page, absolute. */
	pageUrl: string;
	/** Our host name: with the session id it makes a UID no other calendar uses. */
	host: string;
	locale: Locale;
}

/**
 * A plenary session as a calendar event: it lasts as long as its agenda is planned, and the
 * description carries the agenda with planned times (Berlin time, as the room's clock shows
 * them), the video link and the way back to the session.
 */
export function sessionCalendarEvent(input: SessionCalendarInput): CalendarEvent {
	const { session, locale } = input;
	const options = { locale };
	const start = session.startsAt;
	const end =
		input.plannedEnd && input.plannedEnd.getTime() > start.getTime() ? input.plannedEnd : new Date(start.getTime() + DEFAULT_SESSION_MINUTES * 60_000);
	const agenda =
		input.items.length === 0
			? [m.agenda_empty({}, options)]
			: input.items.map((item) => {
					const title = item.title || m.agenda_untitled({}, options);
					const label = item.number ? `${m.agenda_item_number({ number: item.number }, options)}: ${title}` : title;
					return `${formatTime(item.plannedStart, locale)} ${label}${item.presenter ? ` (${item.presenter})` : ''}`;
				});
	const lines = [`${m.agenda_title({}, options)}:`, ...agenda];
	if (input.plannedEnd && input.items.length > 0) lines.push(m.agenda_planned_end({ time: formatTime(input.plannedEnd, locale) }, options));
	lines.push('');
	if (session.videoUrl) lines.push(m.plenary_calendar_video({ url: session.videoUrl }, options));
	lines.push(m.plenary_calendar_page({ url: input.pageUrl }, options));
	return {
		uid: `plenary-${session.id}@${input.host}`,
		start,
		end,
		summary: `${session.title} – ${input.conferenceName}`,
		location: session.place,
		description: lines.join('\n'),
		url: input.pageUrl,
		lastModified: session.updatedAt ?? null
	};
}
