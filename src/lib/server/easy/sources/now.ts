import { and, asc, desc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { plenaryDoc } from '../../../collab/docNames';
import { digestDoc } from '../../../collab/kinds/digest';
import { agendaItemSubjectId, type EasyTextKind } from '../../../easy/versions';
import { agendaItemText, joinText, meetingText, recommendationText, sessionText } from '../../../easy/standardTexts';
import { bodyText } from '../../../minutes/render';
import { readAgenda } from '../../../plenary/agenda';
import { readDocumentUnlessBroken } from '../../collab/readDocument';
import type { Db } from '../../db';
import { conferences, digests, groupMeetings, meetingMinutes, minutesVersions, plenarySessions, recommendations, workingGroups } from '../../db/schema';
import { recommendationTexts } from '../../queries/recommendations';
import { standardInvitation } from './invitation';
import type { EasySubject } from './types';

/*
 * The synchronous twin of the sources' `find`, for the one caller still on `Db`: the newsletter's
 * suggestion source of checked easy texts (`newsletter/suggestions/easyTexts.ts`). Each answers as
 * its source's `find` on the data layer does (`./index.ts`); delete this file when that caller moves.
 */

function plenarySession(db: Db, conferenceId: string, subjectId: string): EasySubject | null {
	const session = db
		.select()
		.from(plenarySessions)
		.where(and(eq(plenarySessions.id, subjectId), eq(plenarySessions.conferenceId, conferenceId)))
		.get();
	return session
		? {
				kind: 'plenary_session',
				subjectId: session.id,
				conferenceId: session.conferenceId,
				groupId: null,
				title: session.title,
				context: null,
				when: session.startsAt,
				standardText: sessionText(session),
				startingPoint: null,
				href: `/conferences/${session.conferenceId}/plenary/${session.id}`
			}
		: null;
}

function agendaItem(db: Db, conferenceId: string, subjectId: string): EasySubject | null {
	const [sessionId, itemId] = subjectId.split(':');
	if (!sessionId || !itemId) return null;
	const session = db
		.select({ id: plenarySessions.id, conferenceId: plenarySessions.conferenceId, title: plenarySessions.title, startsAt: plenarySessions.startsAt })
		.from(plenarySessions)
		.where(and(eq(plenarySessions.id, sessionId), eq(plenarySessions.conferenceId, conferenceId)))
		.get();
	if (!session) return null;
	const items = readDocumentUnlessBroken(db, plenaryDoc(session.id), readAgenda) ?? [];
	const item = items.find((i) => i.type !== 'break' && agendaItemSubjectId(session.id, i.id) === subjectId);
	return item
		? {
				kind: 'agenda_item',
				subjectId: agendaItemSubjectId(session.id, item.id),
				conferenceId: session.conferenceId,
				groupId: null,
				title: item.number ? `${item.number}. ${item.title}` : item.title,
				context: session.title,
				when: session.startsAt,
				standardText: agendaItemText(item),
				startingPoint: null,
				href: `/conferences/${session.conferenceId}/plenary/${session.id}`
			}
		: null;
}

function groupMeeting(db: Db, conferenceId: string, subjectId: string): EasySubject | null {
	const row = db
		.select({
			id: groupMeetings.id,
			groupId: groupMeetings.groupId,
			title: groupMeetings.title,
			startsAt: groupMeetings.startsAt,
			place: groupMeetings.place,
			agenda: groupMeetings.agenda,
			groupName: workingGroups.name,
			conferenceId: workingGroups.conferenceId
		})
		.from(groupMeetings)
		.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
		.where(and(eq(workingGroups.conferenceId, conferenceId), eq(groupMeetings.id, subjectId)))
		.get();
	return row
		? {
				kind: 'group_meeting',
				subjectId: row.id,
				conferenceId: row.conferenceId,
				groupId: row.groupId,
				title: row.title,
				context: row.groupName,
				when: row.startsAt,
				standardText: meetingText(row),
				startingPoint: null,
				href: `/conferences/${row.conferenceId}/groups/${row.groupId}/meetings/${row.id}`
			}
		: null;
}

function recommendation(db: Db, conferenceId: string, subjectId: string): EasySubject | null {
	const found = db
		.select({ recommendation: recommendations, groupName: workingGroups.name })
		.from(recommendations)
		.innerJoin(workingGroups, eq(workingGroups.id, recommendations.groupId))
		.where(and(eq(recommendations.conferenceId, conferenceId), eq(recommendations.id, subjectId)))
		.get();
	if (!found || found.recommendation.status === 'draft') return null;
	const row = found.recommendation;
	const texts = recommendationTexts(db, row);
	return {
		kind: 'recommendation',
		subjectId: row.id,
		conferenceId: row.conferenceId,
		groupId: row.groupId,
		title: texts.title,
		context: found.groupName,
		when: null,
		standardText: recommendationText(texts),
		startingPoint: texts.easySummary.trim() || null,
		href: `/conferences/${row.conferenceId}/groups/${row.groupId}/recommendations/${row.id}`
	};
}

function minutes(db: Db, conferenceId: string, subjectId: string): EasySubject | null {
	const row = db
		.select({
			meetingId: groupMeetings.id,
			groupId: groupMeetings.groupId,
			title: groupMeetings.title,
			startsAt: groupMeetings.startsAt,
			groupName: workingGroups.name,
			conferenceId: workingGroups.conferenceId
		})
		.from(meetingMinutes)
		.innerJoin(groupMeetings, eq(groupMeetings.id, meetingMinutes.meetingId))
		.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
		.where(and(eq(workingGroups.conferenceId, conferenceId), eq(meetingMinutes.status, 'approved'), eq(groupMeetings.id, subjectId)))
		.get();
	if (!row) return null;
	const record = db
		.select({ lines: minutesVersions.lines })
		.from(minutesVersions)
		.where(and(eq(minutesVersions.meetingId, row.meetingId), eq(minutesVersions.reason, 'approved')))
		.orderBy(desc(minutesVersions.number))
		.get();
	return {
		kind: 'minutes',
		subjectId: row.meetingId,
		conferenceId: row.conferenceId,
		groupId: row.groupId,
		title: row.title,
		context: row.groupName,
		when: row.startsAt,
		standardText: joinText(...(record?.lines ?? [])),
		startingPoint: null,
		href: `/conferences/${row.conferenceId}/groups/${row.groupId}/meetings/${row.meetingId}`
	};
}

function invitation(db: Db, conferenceId: string, subjectId: string): EasySubject | null {
	if (subjectId !== conferenceId) return null;
	const conference = db.select({ id: conferences.id, name: conferences.name }).from(conferences).where(eq(conferences.id, conferenceId)).get();
	return conference
		? {
				kind: 'invitation',
				subjectId: conference.id,
				conferenceId: conference.id,
				groupId: null,
				title: m.easytext_invitation_title(),
				context: conference.name,
				when: null,
				standardText: standardInvitation(conference.name),
				startingPoint: null,
				href: `/conferences/${conference.id}/people/invite`
			}
		: null;
}

function digest(db: Db, conferenceId: string, subjectId: string): EasySubject | null {
	const row = db
		.select({ id: digests.id, title: digests.title, createdAt: digests.createdAt })
		.from(digests)
		.where(and(eq(digests.conferenceId, conferenceId), eq(digests.id, subjectId)))
		.orderBy(asc(digests.createdAt))
		.get();
	return row
		? {
				kind: 'digest',
				subjectId: row.id,
				conferenceId,
				groupId: null,
				title: row.title,
				context: null,
				when: row.createdAt,
				standardText: joinText(...(readDocumentUnlessBroken(db, digestDoc(row.id), bodyText) ?? [])),
				startingPoint: null,
				href: `/conferences/${conferenceId}/newsletter/${row.id}`
			}
		: null;
}

const FIND_NOW: Record<EasyTextKind, (db: Db, conferenceId: string, subjectId: string) => EasySubject | null> = {
	plenary_session: plenarySession,
	agenda_item: agendaItem,
	group_meeting: groupMeeting,
	recommendation,
	minutes,
	invitation,
	digest
};

/** `EASY_SOURCES[kind].find` on the synchronous layer (see above). */
export function findEasySubjectNow(db: Db, kind: EasyTextKind, conferenceId: string, subjectId: string): EasySubject | null {
	return FIND_NOW[kind](db, conferenceId, subjectId);
}
