import { and, asc, eq } from 'drizzle-orm';
import { logisticsTotals, type LogisticsTotals } from '$lib/domain/invitations/logistics';
import { waitingInOrder } from '$lib/domain/invitations/waitingList';
import type { RsvpAnswer, RsvpPlace, SupportNeed } from '$lib/domain/members';
import { type Data, first } from '../db/client';
import { authorize, type Actor } from '../policies';
import { invitationDateOn, type InvitationDate } from './invitationDate';

export interface LogisticsPerson {
	invitationId: string;
	name: string;
	answer: RsvpAnswer | null;
	place: RsvpPlace | null;
	/** Counted from 1 while on the waiting list. */
	position: number | null;
	waitingSince: Date | null;
	answeredAt: Date | null;
	movedUpAt: Date | null;
	needs: { need: SupportNeed; detail: string | null }[];
}

export interface Logistics {
	campaign: { id: string; subject: string; capacity: number | null; answerUntil: Date };
	date: InvitationDate;
	totals: LogisticsTotals;
	waiting: LogisticsPerson[];
	/** Everyone invited, by name. */
	people: LogisticsPerson[];
}

/**
 * One date's answers and needs for the office (`invitation.viewNeeds`: health data, the office's
 * alone): the counts to book interpreters, places and food by, the waiting list in order, and
 * each person's needs for this date only (they are read through this date's invitations, never
 * from another). Null when the round is not the conference's.
 */
export async function invitationLogistics(data: Data, actor: Actor, conferenceId: string, campaignId: string): Promise<Logistics | null> {
	authorize(actor, 'invitation.viewNeeds', { conferenceId });
	const { invitationCampaigns, invitationNeeds, invitations, people } = data.t;
	const campaign = first(
		await data.q
			.select()
			.from(invitationCampaigns)
			.where(and(eq(invitationCampaigns.id, campaignId), eq(invitationCampaigns.conferenceId, conferenceId)))
	);
	const date = campaign && (await invitationDateOn(data, campaign));
	if (!campaign || !date) return null;
	const rows = await data.q
		.select({
			invitationId: invitations.id,
			id: invitations.id,
			name: people.displayName,
			answer: invitations.answer,
			place: invitations.place,
			waitingSince: invitations.waitingSince,
			answeredAt: invitations.answeredAt,
			movedUpAt: invitations.movedUpAt
		})
		.from(invitations)
		.innerJoin(people, eq(people.id, invitations.personId))
		.where(eq(invitations.campaignId, campaign.id))
		.orderBy(asc(people.displayName), asc(invitations.id));
	const needs = await data.q
		.select({ invitationId: invitationNeeds.invitationId, need: invitationNeeds.need, detail: invitationNeeds.detail })
		.from(invitationNeeds)
		.innerJoin(invitations, eq(invitations.id, invitationNeeds.invitationId))
		.where(eq(invitations.campaignId, campaign.id))
		// One order of a person's needs on both.
		.orderBy(asc(invitationNeeds.invitationId), asc(invitationNeeds.need));
	const needsOf = new Map<string, LogisticsPerson['needs']>();
	for (const n of needs) needsOf.set(n.invitationId, [...(needsOf.get(n.invitationId) ?? []), { need: n.need, detail: n.detail }]);
	const order = waitingInOrder(rows);
	const position = new Map(order.map((row, index) => [row.id, index + 1]));
	const list: LogisticsPerson[] = rows.map(({ id, ...row }) => ({ ...row, position: position.get(id) ?? null, needs: needsOf.get(id) ?? [] }));
	const byId = new Map(list.map((p) => [p.invitationId, p]));
	return {
		campaign: { id: campaign.id, subject: campaign.subject, capacity: campaign.capacity, answerUntil: campaign.answerUntil },
		date,
		totals: logisticsTotals(
			list.map((p) => ({ answer: p.answer, place: p.place, needs: p.needs.map((n) => n.need) })),
			date.durationMinutes
		),
		waiting: order.map((row) => byId.get(row.id)!),
		people: list
	};
}
