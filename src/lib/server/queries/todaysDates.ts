import { can, meetingSubject, type Actor } from '../policies';
import { groupMeetingsFrom, plenarySessionsFrom } from './myDates';
import { sameDayInZone, startOfDayInZone } from '../../easy/format';
import type { Data } from '../db/client';

export interface TodaysDate {
	kind: 'plenary' | 'meeting';
	id: string;
	title: string;
	startsAt: Date;
	place: string | null;
	/** The conference of a sitting, the working group of a meeting. */
	context: string;
	href: string;
}

/**
 * What a person takes part in today (the conference's time zone): the sittings of their
 * conferences and the meetings of their own groups, filtered by the rules the pages ask.
 */
export async function todaysDates(data: Data, actor: Actor, conferenceNames: Map<string, string>, now = new Date()): Promise<TodaysDate[]> {
	const from = startOfDayInZone(now);
	const sessions = (await plenarySessionsFrom(data, [...actor.conferences.keys()], from))
		.filter((s) => sameDayInZone(s.startsAt, now) && can(actor, 'plenary.view', { conferenceId: s.conferenceId, sessionId: s.id }))
		.map<TodaysDate>((s) => ({
			kind: 'plenary',
			id: s.id,
			title: s.title,
			startsAt: s.startsAt,
			place: s.place,
			context: conferenceNames.get(s.conferenceId) ?? '',
			href: `/conferences/${s.conferenceId}/plenary/${s.id}`
		}));
	const meetings = (await groupMeetingsFrom(data, [...actor.groups.keys()], from))
		.filter(({ meeting, conferenceId }) => sameDayInZone(meeting.startsAt, now) && can(actor, 'meeting.view', meetingSubject(conferenceId, meeting)))
		.map<TodaysDate>(({ meeting, groupName, conferenceId }) => ({
			kind: 'meeting',
			id: meeting.id,
			title: meeting.title,
			startsAt: meeting.startsAt,
			place: meeting.place,
			context: groupName,
			href: `/conferences/${conferenceId}/groups/${meeting.groupId}/meetings/${meeting.id}`
		}));
	return [...sessions, ...meetings].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
