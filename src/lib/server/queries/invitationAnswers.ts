import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { waitingPosition } from '$lib/domain/invitations/waitingList';
import type { RsvpAnswer, RsvpPlace, SupportNeed } from '$lib/domain/members';
import { type Data, first } from '../db/client';
import { invitationToken, linkKeysOn, readInvitationToken } from '../invitations/links';
import { answersOfOn } from '../commands/support/waitingList';
import { authorize, can, type Actor } from '../policies';
import { invitationDateOn, type InvitationDate } from './invitationDate';

type Invitation = Data['t']['invitations']['$inferSelect'];

export interface AnswerPage {
	invitationId: string;
	conferenceName: string;
	personName: string;
	prefersEasyLanguage: boolean;
	date: InvitationDate;
	answerUntil: Date;
	/** The deadline passed: the answer is shown, not offered for change. */
	closed: boolean;
	answer: RsvpAnswer | null;
	place: RsvpPlace | null;
	waitingPosition: number | null;
	/** The needs as stored; before the first answer, what the office recorded in the person's support profile. */
	needs: { need: SupportNeed; detail: string | null }[];
}

/**
 * The answer page for the holder of a personal link, or null when the link is forged, revoked
 * (its version raised) or its invitation gone: one answer for all three, so the page tells
 * nobody whether an invitation existed.
 */
export async function answerPageByLink(data: Data, token: string, now = new Date()): Promise<AnswerPage | null> {
	const { invitations } = data.t;
	const read = readInvitationToken(linkKeysOn(data), token);
	if (!read) return null;
	const invitation = first(await data.q.select().from(invitations).where(eq(invitations.id, read.invitationId)));
	if (!invitation || invitation.tokenVersion !== read.version) return null;
	return await answerPage(data, invitation, now);
}

/** The same page for a signed-in person or the office (`invitation.answer`). */
export async function answerPageFor(data: Data, actor: Actor, invitationId: string, now = new Date()): Promise<AnswerPage | null> {
	const { invitations } = data.t;
	const invitation = first(await data.q.select().from(invitations).where(eq(invitations.id, invitationId)));
	if (!invitation) return null;
	authorize(actor, 'invitation.answer', invitation);
	return await answerPage(data, invitation, now);
}

async function answerPage(data: Data, invitation: Invitation, now: Date): Promise<AnswerPage | null> {
	const { conferences, invitationCampaigns, invitationNeeds, people } = data.t;
	const campaign = first(await data.q.select().from(invitationCampaigns).where(eq(invitationCampaigns.id, invitation.campaignId)));
	const date = campaign && (await invitationDateOn(data, campaign));
	if (!campaign || !date) return null;
	const person = first(
		await data.q.select({ name: people.displayName, easy: people.prefersEasyLanguage }).from(people).where(eq(people.id, invitation.personId))
	)!;
	const conference = first(await data.q.select({ name: conferences.name }).from(conferences).where(eq(conferences.id, invitation.conferenceId)))!;
	// Only what was given for this date. The office's support profile is not shown here: whoever
	// holds the link (a forwarded mail, a letter on the table) is not necessarily the person.
	const needs = await data.q
		.select({ need: invitationNeeds.need, detail: invitationNeeds.detail })
		.from(invitationNeeds)
		.where(eq(invitationNeeds.invitationId, invitation.id))
		// One order on both.
		.orderBy(asc(invitationNeeds.need));
	return {
		invitationId: invitation.id,
		conferenceName: conference.name,
		personName: person.name,
		prefersEasyLanguage: person.easy,
		date,
		answerUntil: campaign.answerUntil,
		closed: now.getTime() > campaign.answerUntil.getTime(),
		answer: invitation.answer,
		place: invitation.place,
		waitingPosition: invitation.place === 'waiting' ? waitingPosition(await answersOfOn(data, campaign.id), invitation.id) : null,
		needs
	};
}

export interface OwnInvitation {
	id: string;
	title: string;
	groupName: string | null;
	startsAt: Date;
	answer: RsvpAnswer | null;
	place: RsvpPlace | null;
	waitingPosition: number | null;
	answerUntil: Date;
	closed: boolean;
	/** The personal answer page. */
	href: string;
}

/** A person's invitations to dates still ahead, in every conference (sent ones only), the earliest first, each with its answer page. */
export async function ownInvitations(data: Data, actor: Actor, now = new Date()): Promise<OwnInvitation[]> {
	const { invitationCampaigns, invitations } = data.t;
	const personId = actor.personId;
	if (!personId) return [];
	const rows = await data.q
		.select({ invitation: invitations, campaign: invitationCampaigns })
		.from(invitations)
		.innerJoin(invitationCampaigns, eq(invitationCampaigns.id, invitations.campaignId))
		.where(and(eq(invitations.personId, personId), isNotNull(invitationCampaigns.sentAt)))
		.orderBy(asc(invitations.id));
	const own: OwnInvitation[] = [];
	for (const { invitation, campaign } of rows) {
		// A session opened with another conference's card, or a person who left, does not list it.
		if (!can(actor, 'invitation.listOwn', { conferenceId: invitation.conferenceId, personId })) continue;
		const date = await invitationDateOn(data, campaign);
		if (!date || date.startsAt.getTime() < now.getTime()) continue;
		own.push({
			id: invitation.id,
			title: date.title,
			groupName: date.groupName,
			startsAt: date.startsAt,
			answer: invitation.answer,
			place: invitation.place,
			waitingPosition: invitation.place === 'waiting' ? waitingPosition(await answersOfOn(data, campaign.id), invitation.id) : null,
			answerUntil: campaign.answerUntil,
			closed: now.getTime() > campaign.answerUntil.getTime(),
			href: `/antwort/${invitationToken(linkKeysOn(data), invitation)}`
		});
	}
	return own.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
