import { and, eq, isNotNull } from 'drizzle-orm';
import { waitingPosition } from '$lib/domain/invitations/waitingList';
import type { RsvpAnswer, RsvpPlace, SupportNeed } from '$lib/domain/members';
import type { Db } from '../db';
import { conferences, invitationCampaigns, invitationNeeds, invitations, people } from '../db/schema';
import { invitationToken, readInvitationToken } from '../invitations/links';
import { answersOf } from '../commands/support/waitingList';
import { authorize, can, type Actor } from '../policies';
import { invitationDate, type InvitationDate } from './invitationDate';

type Invitation = typeof invitations.$inferSelect;

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
export function answerPageByLink(db: Db, token: string, now = new Date()): AnswerPage | null {
	const read = readInvitationToken(db, token);
	if (!read) return null;
	const invitation = db.select().from(invitations).where(eq(invitations.id, read.invitationId)).get();
	if (!invitation || invitation.tokenVersion !== read.version) return null;
	return answerPage(db, invitation, now);
}

/** The same page for a signed-in person or the office (`invitation.answer`). */
export function answerPageFor(db: Db, actor: Actor, invitationId: string, now = new Date()): AnswerPage | null {
	const invitation = db.select().from(invitations).where(eq(invitations.id, invitationId)).get();
	if (!invitation) return null;
	authorize(actor, 'invitation.answer', invitation);
	return answerPage(db, invitation, now);
}

function answerPage(db: Db, invitation: Invitation, now: Date): AnswerPage | null {
	const campaign = db.select().from(invitationCampaigns).where(eq(invitationCampaigns.id, invitation.campaignId)).get();
	const date = campaign && invitationDate(db, campaign);
	if (!campaign || !date) return null;
	const person = db.select({ name: people.displayName, easy: people.prefersEasyLanguage }).from(people).where(eq(people.id, invitation.personId)).get()!;
	const conference = db.select({ name: conferences.name }).from(conferences).where(eq(conferences.id, invitation.conferenceId)).get()!;
	// Only what was given for this date. The office's support profile is not shown here: whoever
	// holds the link (a forwarded mail, a letter on the table) is not necessarily the person.
	const needs = db
		.select({ need: invitationNeeds.need, detail: invitationNeeds.detail })
		.from(invitationNeeds)
		.where(eq(invitationNeeds.invitationId, invitation.id))
		.all();
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
		waitingPosition: invitation.place === 'waiting' ? waitingPosition(answersOf(db, campaign.id), invitation.id) : null,
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
export function ownInvitations(db: Db, actor: Actor, now = new Date()): OwnInvitation[] {
	const personId = actor.personId;
	if (!personId) return [];
	const rows = db
		.select({ invitation: invitations, campaign: invitationCampaigns })
		.from(invitations)
		.innerJoin(invitationCampaigns, eq(invitationCampaigns.id, invitations.campaignId))
		.where(and(eq(invitations.personId, personId), isNotNull(invitationCampaigns.sentAt)))
		.all();
	const own: OwnInvitation[] = [];
	for (const { invitation, campaign } of rows) {
		// A session opened with another conference's card, or a person who left, does not list it.
		if (!can(actor, 'invitation.listOwn', { conferenceId: invitation.conferenceId, personId })) continue;
		const date = invitationDate(db, campaign);
		if (!date || date.startsAt.getTime() < now.getTime()) continue;
		own.push({
			id: invitation.id,
			title: date.title,
			groupName: date.groupName,
			startsAt: date.startsAt,
			answer: invitation.answer,
			place: invitation.place,
			waitingPosition: invitation.place === 'waiting' ? waitingPosition(answersOf(db, campaign.id), invitation.id) : null,
			answerUntil: campaign.answerUntil,
			closed: now.getTime() > campaign.answerUntil.getTime(),
			href: `/antwort/${invitationToken(db, invitation)}`
		});
	}
	return own.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
