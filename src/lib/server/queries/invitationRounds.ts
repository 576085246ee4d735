import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { conferenceSectors, groupMeetings, invitationCampaigns, people, plenarySessions, workingGroups, invitations } from '../db/schema';
import { findInvitedDate } from '../invitations/recipients';

/** The answers of a round as counts: yes (seat), waiting, no, maybe, not yet. */
const answerCounts = sql<string>`json_object(
	'invited', count(${invitations.id}),
	'yes', sum(${invitations.answer} = 'yes' AND ${invitations.place} = 'seat'),
	'waiting', sum(${invitations.place} = 'waiting'),
	'no', sum(${invitations.answer} = 'no'),
	'maybe', sum(${invitations.answer} = 'maybe'),
	'open', sum(${invitations.answer} IS NULL))`;

export interface AnswerCounts {
	invited: number;
	yes: number;
	waiting: number;
	no: number;
	maybe: number;
	open: number;
}
const readCounts = (json: string): AnswerCounts => {
	const c = JSON.parse(json);
	return { invited: c.invited, yes: c.yes ?? 0, waiting: c.waiting ?? 0, no: c.no ?? 0, maybe: c.maybe ?? 0, open: c.open ?? 0 };
};

/** The office's list of rounds, newest first, each with its date and its answers so far. */
export function listInvitationRounds(db: Db, conferenceId: string) {
	const rows = db
		.select({
			id: invitationCampaigns.id,
			subject: invitationCampaigns.subject,
			target: invitationCampaigns.target,
			sessionId: invitationCampaigns.sessionId,
			meetingId: invitationCampaigns.meetingId,
			sentAt: invitationCampaigns.sentAt,
			channel: invitationCampaigns.channel,
			counts: answerCounts
		})
		.from(invitationCampaigns)
		.leftJoin(invitations, eq(invitations.campaignId, invitationCampaigns.id))
		.where(eq(invitationCampaigns.conferenceId, conferenceId))
		.groupBy(invitationCampaigns.id)
		.orderBy(desc(invitationCampaigns.createdAt))
		.all();
	return rows.map((row) => ({
		id: row.id,
		subject: row.subject,
		sentAt: row.sentAt,
		channel: row.channel,
		date: findInvitedDate(db, conferenceId, row.target, (row.sessionId ?? row.meetingId)!),
		counts: readCounts(row.counts)
	}));
}

export function invitationRoundCounts(db: Db, campaignId: string): AnswerCounts {
	const row = db.select({ counts: answerCounts }).from(invitations).where(eq(invitations.campaignId, campaignId)).get();
	return readCounts(row?.counts ?? '{"invited":0}');
}

/** Who is invited, alphabetically, with whether their letter goes by mail or by post. */
export function invitationRecipients(db: Db, campaignId: string) {
	return db
		.select({
			name: people.displayName,
			organisation: people.organisation,
			hasEmail: sql<number>`${people.email} IS NOT NULL`,
			answer: invitations.answer,
			place: invitations.place,
			mailedAt: invitations.mailedAt
		})
		.from(invitations)
		.innerJoin(people, eq(people.id, invitations.personId))
		.where(eq(invitations.campaignId, campaignId))
		.orderBy(asc(people.displayName))
		.all()
		.map((row) => ({ ...row, hasEmail: Boolean(row.hasEmail) }));
}

/** What a new round may invite to (upcoming sittings and group meetings) and whom it may choose. */
export function invitationChoices(db: Db, conferenceId: string, now = new Date()) {
	const sittings = db
		.select({ id: plenarySessions.id, title: plenarySessions.title, startsAt: plenarySessions.startsAt })
		.from(plenarySessions)
		.where(and(eq(plenarySessions.conferenceId, conferenceId), gt(plenarySessions.startsAt, now)))
		.orderBy(asc(plenarySessions.startsAt))
		.all();
	const meetings = db
		.select({ id: groupMeetings.id, title: groupMeetings.title, group: workingGroups.name, startsAt: groupMeetings.startsAt })
		.from(groupMeetings)
		.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
		.where(and(eq(workingGroups.conferenceId, conferenceId), gt(groupMeetings.startsAt, now)))
		.orderBy(asc(groupMeetings.startsAt))
		.all();
	const sectors = db
		.select({ id: conferenceSectors.id, name: conferenceSectors.name })
		.from(conferenceSectors)
		.where(eq(conferenceSectors.conferenceId, conferenceId))
		.orderBy(asc(conferenceSectors.position), asc(conferenceSectors.name))
		.all();
	const groups = db
		.select({ id: workingGroups.id, name: workingGroups.name })
		.from(workingGroups)
		.where(eq(workingGroups.conferenceId, conferenceId))
		.orderBy(asc(workingGroups.name))
		.all();
	return { sittings, meetings, sectors, groups };
}
