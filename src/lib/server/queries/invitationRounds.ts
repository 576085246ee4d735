import { and, asc, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { type Data, first, type Tables } from '../db/client';
import { findInvitedDateOn } from '../invitations/recipients';

/**
 * The answers of a round as counts: yes (seat), waiting, no, maybe, not yet. Written for both
 * dialects (no `json_object`, no sum over a comparison, which PostgreSQL's booleans refuse), and
 * read as numbers (PostgreSQL's counts and sums are bigints, strings to its driver).
 */
function answerCounts({ invitations }: Pick<Tables, 'invitations'>) {
	const counted = (condition: SQL) => sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`.mapWith(Number);
	return {
		invited: sql<number>`count(${invitations.id})`.mapWith(Number),
		yes: counted(sql`${invitations.answer} = 'yes' AND ${invitations.place} = 'seat'`),
		waiting: counted(sql`${invitations.place} = 'waiting'`),
		no: counted(sql`${invitations.answer} = 'no'`),
		maybe: counted(sql`${invitations.answer} = 'maybe'`),
		open: counted(sql`${invitations.answer} IS NULL`)
	};
}

export interface AnswerCounts {
	invited: number;
	yes: number;
	waiting: number;
	no: number;
	maybe: number;
	open: number;
}

/** The office's list of rounds, newest first, each with its date and its answers so far. */
export async function listInvitationRounds(data: Data, conferenceId: string) {
	const { invitationCampaigns, invitations } = data.t;
	const rows = await data.q
		.select({
			id: invitationCampaigns.id,
			subject: invitationCampaigns.subject,
			target: invitationCampaigns.target,
			sessionId: invitationCampaigns.sessionId,
			meetingId: invitationCampaigns.meetingId,
			sentAt: invitationCampaigns.sentAt,
			channel: invitationCampaigns.channel,
			counts: answerCounts(data.t)
		})
		.from(invitationCampaigns)
		.leftJoin(invitations, eq(invitations.campaignId, invitationCampaigns.id))
		.where(eq(invitationCampaigns.conferenceId, conferenceId))
		.groupBy(invitationCampaigns.id)
		.orderBy(desc(invitationCampaigns.createdAt), asc(invitationCampaigns.id));
	const rounds = [];
	for (const row of rows)
		rounds.push({
			id: row.id,
			subject: row.subject,
			sentAt: row.sentAt,
			channel: row.channel,
			date: await findInvitedDateOn(data, conferenceId, row.target, (row.sessionId ?? row.meetingId)!),
			counts: row.counts satisfies AnswerCounts
		});
	return rounds;
}

export async function invitationRoundCounts(data: Data, campaignId: string): Promise<AnswerCounts> {
	const { invitations } = data.t;
	const row = first(await data.q.select(answerCounts(data.t)).from(invitations).where(eq(invitations.campaignId, campaignId)));
	return row ?? { invited: 0, yes: 0, waiting: 0, no: 0, maybe: 0, open: 0 };
}

/** Who is invited, alphabetically, with whether their letter goes by mail or by post. */
export async function invitationRecipients(data: Data, campaignId: string) {
	const { invitations, people } = data.t;
	return (
		await data.q
			.select({
				name: people.displayName,
				organisation: people.organisation,
				// 1/0 on SQLite, true/false on PostgreSQL: made a boolean below.
				hasEmail: sql<number | boolean>`${people.email} IS NOT NULL`,
				answer: invitations.answer,
				place: invitations.place,
				mailedAt: invitations.mailedAt
			})
			.from(invitations)
			.innerJoin(people, eq(people.id, invitations.personId))
			.where(eq(invitations.campaignId, campaignId))
			.orderBy(asc(people.displayName), asc(invitations.id))
	).map((row) => ({ ...row, hasEmail: Boolean(row.hasEmail) }));
}

/** What a new round may invite to (upcoming sittings and group meetings) and whom it may choose. */
export async function invitationChoices(data: Data, conferenceId: string, now = new Date()) {
	const { conferenceSectors, groupMeetings, plenarySessions, workingGroups } = data.t;
	const sittings = await data.q
		.select({ id: plenarySessions.id, title: plenarySessions.title, startsAt: plenarySessions.startsAt })
		.from(plenarySessions)
		.where(and(eq(plenarySessions.conferenceId, conferenceId), gt(plenarySessions.startsAt, now)))
		.orderBy(asc(plenarySessions.startsAt), asc(plenarySessions.id));
	const meetings = await data.q
		.select({ id: groupMeetings.id, title: groupMeetings.title, group: workingGroups.name, startsAt: groupMeetings.startsAt })
		.from(groupMeetings)
		.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
		.where(and(eq(workingGroups.conferenceId, conferenceId), gt(groupMeetings.startsAt, now)))
		.orderBy(asc(groupMeetings.startsAt), asc(groupMeetings.id));
	const sectors = await data.q
		.select({ id: conferenceSectors.id, name: conferenceSectors.name })
		.from(conferenceSectors)
		.where(eq(conferenceSectors.conferenceId, conferenceId))
		.orderBy(asc(conferenceSectors.position), asc(conferenceSectors.name), asc(conferenceSectors.id));
	const groups = await data.q
		.select({ id: workingGroups.id, name: workingGroups.name })
		.from(workingGroups)
		.where(eq(workingGroups.conferenceId, conferenceId))
		.orderBy(asc(workingGroups.name), asc(workingGroups.id));
	return { sittings, meetings, sectors, groups };
}
