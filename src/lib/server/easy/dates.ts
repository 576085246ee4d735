import { startOfDayInZone } from '../../easy/format';
import { meetingSubject } from '../commands/planGroupMeeting';
import type { Db } from '../db';
import { can, type Actor } from '../policies';
import { groupMeetingsFrom, plenarySessionsFrom } from '../queries/myDates';

export interface EasyDate {
	kind: 'plenary' | 'meeting';
	id: string;
	title: string;
	/** The working group's name for a meeting. */
	groupName: string | null;
	startsAt: Date;
	place: string | null;
	videoUrl: string | null;
	href: string;
}

/**
 * A person's dates from the start of today on: the plenary sessions of their conferences and
 * the meetings of their own working groups (not every group they could open: "my" dates).
 * Rows are filtered by the same rules the pages ask, so a date never links to a refusal.
 */
export function myDates(db: Db, actor: Actor, now = new Date()): EasyDate[] {
	const from = startOfDayInZone(now);
	const sessions = plenarySessionsFrom(db, [...actor.conferences.keys()], from)
		.filter((s) => can(actor, 'plenary.view', { conferenceId: s.conferenceId, sessionId: s.id }))
		.map<EasyDate>((s) => ({
			kind: 'plenary',
			id: s.id,
			title: s.title,
			groupName: null,
			startsAt: s.startsAt,
			place: s.place,
			videoUrl: s.videoUrl,
			href: `/einfach/sitzung/${s.id}`
		}));
	const meetings = groupMeetingsFrom(db, [...actor.groups.keys()], from)
		.filter(({ meeting, conferenceId }) => can(actor, 'meeting.view', meetingSubject(conferenceId, meeting)))
		.map<EasyDate>(({ meeting, groupName }) => ({
			kind: 'meeting',
			id: meeting.id,
			title: meeting.title,
			groupName,
			startsAt: meeting.startsAt,
			place: meeting.place,
			videoUrl: meeting.videoUrl,
			href: `/einfach/treffen/${meeting.id}`
		}));
	return [...sessions, ...meetings].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
