import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/domain/roles';
import type { CalendarEvent } from '$lib/export/icalendar';

export interface MeetingCalendarInput {
	groupName: string;
	meeting: {
		id: string;
		title: string;
		startsAt: Date;
		durationMinutes: number;
		place: string | null;
		videoUrl: string | null;
		agenda: string[];
		moderatorName: string | null;
		minuteTakerName: string | null;
		updatedAt: Date | null;
	};
	/** The meeting's page, absolute. */
	pageUrl: string;
	host: string;
	locale: Locale;
}

/** A working-group meeting as a calendar event: its agenda points, who moderates and who takes the minutes. */
export function meetingCalendarEvent(input: MeetingCalendarInput): CalendarEvent {
	const { meeting, locale } = input;
	const options = { locale };
	const lines = [`${m.agenda_title({}, options)}:`];
	if (meeting.agenda.length === 0) lines.push(m.agenda_empty({}, options));
	meeting.agenda.forEach((point, i) => lines.push(`${i + 1}. ${point}`));
	lines.push('');
	if (meeting.moderatorName) lines.push(`${m.meeting_moderator({}, options)}: ${meeting.moderatorName}`);
	if (meeting.minuteTakerName) lines.push(`${m.meeting_minute_taker({}, options)}: ${meeting.minuteTakerName}`);
	if (meeting.videoUrl) lines.push(m.plenary_calendar_video({ url: meeting.videoUrl }, options));
	lines.push(m.meeting_calendar_page({ url: input.pageUrl }, options));
	return {
		uid: `meeting-${meeting.id}@${input.host}`,
		start: meeting.startsAt,
		end: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
		summary: `${meeting.title} – ${input.groupName}`,
		location: meeting.place ?? meeting.videoUrl ?? '',
		description: lines.join('\n'),
		url: input.pageUrl,
		lastModified: meeting.updatedAt
	};
}
