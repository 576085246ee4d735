import { eq } from 'drizzle-orm';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { placeAnswer, waitingPosition } from '$lib/domain/invitations/waitingList';
import { NEEDS_WITH_DETAIL, type RsvpAnswer, type RsvpPlace, type SupportNeed } from '$lib/domain/members';
import { recordAuditIn } from '../audit/record';
import { first, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { transactOn } from '../effects';
import { linkKeysOn, readInvitationToken } from '../invitations/links';
import { ANONYMOUS, authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { answersOfOn, fillFreedSeatsIn } from './support/waitingList';

export interface NeedInput {
	need: SupportNeed;
	/** What to eat, what else is needed (`dietary`, `other`); ignored for the other needs. */
	detail: string | null;
}

export interface AnswerInput {
	answer: RsvpAnswer;
	/** The needs for this date, as a whole: what is not listed is no longer needed. */
	needs: readonly NeedInput[];
	now?: Date;
	/** Where the moved-up mail's answer link points; a call without a request uses ORIGIN. */
	origin?: string;
}

/** Who answers: whoever holds the personal link (the link is the credential), or a signed-in actor (the person, or the office on their behalf). */
export type Answerer = { via: 'link'; token: string } | { via: 'signedIn'; actor: Actor; invitationId: string };

export interface AnswerResult {
	invitationId: string;
	answer: RsvpAnswer;
	place: RsvpPlace | null;
	/** Counted from 1 while on the waiting list. */
	waitingPosition: number | null;
	/** Invitations that got a seat because this answer freed one. */
	movedUp: string[];
}

/**
 * Stores someone's answer to an invitation and their needs for that date, until the date's answer
 * deadline. A "yes" takes a seat or joins the waiting list; an answer that frees a seat gives it
 * to the first waiting, who is told by mail. All in one transaction: the seats are counted on
 * the rows read in it after the round's row is held (on PostgreSQL every answer of the round holds
 * it; SQLite admits one writer at a time), so two people answering at once never both get the
 * last seat. The audit says that the needs changed, never what they are.
 */
export async function answerInvitation(data: Data, answerer: Answerer, input: AnswerInput): Promise<AnswerResult> {
	const now = input.now ?? new Date();
	const origin = input.origin ?? process.env.ORIGIN ?? 'http://localhost:3000';
	const needs = validNeeds(input.needs);

	const { invitationCampaigns, invitationNeeds, invitations } = data.t;
	let invitationId: string;
	let linkVersion: number | null = null;
	if (answerer.via === 'link') {
		const read = readInvitationToken(linkKeysOn(data), answerer.token);
		// A forged, stale or unknown link: the same answer as for a date that never existed.
		if (!read) throw new CommandError('not_found');
		invitationId = read.invitationId;
		linkVersion = read.version;
	} else {
		invitationId = answerer.invitationId;
		const target = first(
			await data.q.select({ conferenceId: invitations.conferenceId, personId: invitations.personId }).from(invitations).where(eq(invitations.id, invitationId))
		);
		if (!target) throw new CommandError('not_found');
		authorize(answerer.actor, 'invitation.answer', target);
	}

	return await transactOn(data, async (tx, effects) => {
		// The round's row is held before anything of it is read (README, "Rules that span rows"): on
		// PostgreSQL every answer of the round waits for the one under way and counts the seats it
		// took (its round never changes, so it is read first to find the row).
		const round = first(await tx.select({ campaignId: invitations.campaignId }).from(invitations).where(eq(invitations.id, invitationId)));
		if (round) await lockForUpdate(data, tx, invitationCampaigns, round.campaignId);
		const current = first(await tx.select().from(invitations).where(eq(invitations.id, invitationId)));
		if (!current || (linkVersion !== null && current.tokenVersion !== linkVersion)) throw new CommandError('not_found');
		const campaign = first(await tx.select().from(invitationCampaigns).where(eq(invitationCampaigns.id, current.campaignId)))!;
		if (now.getTime() > campaign.answerUntil.getTime()) throw new CommandError('rsvp_closed');
		// Whoever holds the link acts as the person it was made for.
		const actor = answerer.via === 'link' ? { ...ANONYMOUS, personId: current.personId } : answerer.actor;

		const rows = await answersOfOn(data, campaign.id, tx);
		const others = rows.filter((r) => r.id !== current.id);
		const placement = placeAnswer(campaign.capacity, others, current, input.answer, now);
		await tx
			.update(invitations)
			.set({
				answer: input.answer,
				place: placement.place,
				waitingSince: placement.waitingSince,
				answeredAt: now,
				movedUpAt: placement.place === 'seat' ? current.movedUpAt : null
			})
			.where(eq(invitations.id, current.id));

		const before = await tx
			.select({ need: invitationNeeds.need, detail: invitationNeeds.detail })
			.from(invitationNeeds)
			.where(eq(invitationNeeds.invitationId, current.id));
		// Someone who will not come needs nothing for that date: their needs are not kept.
		const kept = input.answer === 'no' ? [] : needs;
		const needsChanged = fingerprint(before) !== fingerprint(kept);
		if (needsChanged) {
			await tx.delete(invitationNeeds).where(eq(invitationNeeds.invitationId, current.id));
			if (kept.length > 0) await tx.insert(invitationNeeds).values(kept.map((n) => ({ invitationId: current.id, need: n.need, detail: n.detail })));
		}

		await recordAuditIn(data, tx, actor, {
			action: 'invitation.answer',
			conferenceId: campaign.conferenceId,
			subjectType: 'invitation',
			subjectId: current.id,
			before: { answer: current.answer, place: current.place },
			after: {
				answer: input.answer,
				place: placement.place,
				needsChanged,
				via: answerer.via === 'link' ? 'link' : actor.personId === current.personId ? 'self' : 'on_behalf'
			}
		});

		const movedUp = await fillFreedSeatsIn(data, tx, effects, actor, campaign, now, origin);
		const place = placement.place === 'waiting' && movedUp.includes(current.id) ? 'seat' : placement.place;
		const position = place === 'waiting' ? waitingPosition(await answersOfOn(data, campaign.id, tx), current.id) : null;
		return { invitationId: current.id, answer: input.answer, place, waitingPosition: position, movedUp: movedUp.filter((id) => id !== current.id) };
	});
}

/** One entry per need, a detail only where the need takes one, each within its bound. */
function validNeeds(needs: readonly NeedInput[]): NeedInput[] {
	const seen = new Map<SupportNeed, NeedInput>();
	for (const { need, detail } of needs) {
		const kept = NEEDS_WITH_DETAIL.includes(need) ? detail?.trim() || null : null;
		if (kept && kept.length > FIELD_LIMITS.rsvp.detail) throw new CommandError('rsvp_detail_too_long', `detail_${need}`);
		seen.set(need, { need, detail: kept });
	}
	return [...seen.values()];
}

const fingerprint = (needs: readonly { need: string; detail: string | null }[]) =>
	JSON.stringify(needs.map((n) => [n.need, n.detail ?? '']).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
