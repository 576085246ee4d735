import { startOfDayInZone } from '../../easy/format';
import { meetingSubject } from '../policies';
import type { Data } from '../db/client';
import { can, type Actor } from '../policies';
import { groupMeetingsFrom, plenarySessionsFrom } from '../queries/myDates';
import { findMinutesSubjectOn } from '../policies/subjects';
import { easyVersionsOf } from './versions';

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

function meetingDate(meeting: { id: string; title: string; startsAt: Date; place: string | null; videoUrl: string | null }, groupName: string): EasyDate {
	const { id, title, startsAt, place, videoUrl } = meeting;
	return { kind: 'meeting', id, title, groupName, startsAt, place, videoUrl, href: `/einfach/treffen/${id}` };
}

/**
 * A person's dates from the start of today on: the plenary sessions of their conferences and
 * the meetings of their own working groups (not every group they could open: "my" dates).
 * Rows are filtered by the same rules the pages ask, so a date never links to a refusal.
 */
export async function myDates(data: Data, actor: Actor, now = new Date()): Promise<EasyDate[]> {
	const from = startOfDayInZone(now);
	const sessions = (await plenarySessionsFrom(data, [...actor.conferences.keys()], from))
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
	const meetings = (await groupMeetingsFrom(data, [...actor.groups.keys()], from))
		.filter(({ meeting, conferenceId }) => can(actor, 'meeting.view', meetingSubject(conferenceId, meeting)))
		.map(({ meeting, groupName }) => meetingDate(meeting, groupName));
	return [...sessions, ...meetings].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** How far back "what was discussed" reaches on the dates page. */
export const RECENT_SUMMARY_DAYS = 90;

/**
 * My groups' recent meetings whose approved minutes have a summary in easy language (checked or
 * a draft), the latest first: the way back to what was decided. Minutes without a summary are
 * left out; their standard text is long, and the easy pages would only have it to offer.
 */
export async function myRecentSummaries(data: Data, actor: Actor, now = new Date()): Promise<EasyDate[]> {
	const today = startOfDayInZone(now);
	const recent = [];
	for (const found of await groupMeetingsFrom(data, [...actor.groups.keys()], new Date(today.getTime() - RECENT_SUMMARY_DAYS * 86_400_000))) {
		if (found.meeting.startsAt >= today) continue;
		const minutes = await findMinutesSubjectOn(data, found.meeting.id);
		if (minutes !== null && minutes.status === 'approved' && can(actor, 'minutes.read', minutes)) recent.push(found);
	}
	const versions = await easyVersionsOf(
		data,
		'minutes',
		recent.map(({ meeting }) => ({ subjectId: meeting.id }))
	);
	return recent
		.filter(({ meeting }) => versions.get(meeting.id)!.status !== 'missing')
		.map(({ meeting, groupName }) => ({ ...meetingDate(meeting, groupName), videoUrl: null, href: `/einfach/treffen/${meeting.id}#minutes-heading` }))
		.reverse();
}
