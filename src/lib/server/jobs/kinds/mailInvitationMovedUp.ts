import { eq } from 'drizzle-orm';
import { first } from '../../db/client';
import { answerUrl, linkKeysOn } from '../../invitations/links';
import { sendMovedUpMail } from '../../mail/invitationMovedUpMail';
import { invitationDateOn } from '../../queries/invitationDate';
import { PermanentJobError, objectPayload, stringField, type JobHandler } from '../types';

/**
 * Tells someone on the waiting list that a seat became free and is theirs. Only ids travel in the
 * payload; when the mail goes out the invitation is read again, and if the person meanwhile
 * changed their answer (or lost the link's version) nothing is sent: the mail would be wrong.
 */
export interface MovedUpMailPayload {
	invitationId: string;
	/** When they moved up (ms): moving up again after a "no" and a new "yes" is another mail. */
	movedUpAt: number;
	origin: string;
}

export const movedUpMailKey = (invitationId: string, at: Date) => `mail.invitationMovedUp:${invitationId}:${at.getTime()}`;

/** The same for every attempt and every process: a rare second copy after a crash is recognisable. */
export const movedUpMailMessageId = (p: Pick<MovedUpMailPayload, 'invitationId' | 'movedUpAt'>) =>
	`<invitation-moved-up-${p.invitationId}.${p.movedUpAt}@ratschlag>`;

export const mailInvitationMovedUp: JobHandler<MovedUpMailPayload> = {
	maxAttempts: 6,
	parse(raw) {
		const o = objectPayload(raw);
		const origin = stringField(o, 'origin');
		if (!/^https?:\/\/[^/]+$/.test(origin)) throw new PermanentJobError('payload field origin is not an origin');
		if (typeof o.movedUpAt !== 'number' || !Number.isSafeInteger(o.movedUpAt)) throw new PermanentJobError('payload field movedUpAt is not a time');
		return { invitationId: stringField(o, 'invitationId', 64), movedUpAt: o.movedUpAt, origin };
	},
	async run(payload, { data, signal }) {
		const { conferences, invitationCampaigns, invitations, people } = data.t;
		const invitation = first(await data.q.select().from(invitations).where(eq(invitations.id, payload.invitationId)));
		if (!invitation) throw new PermanentJobError('invitation_gone');
		// They said "no" since, or moved up another time: this mail is no longer true.
		if (invitation.place !== 'seat' || invitation.movedUpAt?.getTime() !== payload.movedUpAt) return;
		const person = first(await data.q.select().from(people).where(eq(people.id, invitation.personId)));
		// Without an address the office tells them by phone or letter; nothing failed.
		if (!person?.email) return;
		const campaign = first(await data.q.select().from(invitationCampaigns).where(eq(invitationCampaigns.id, invitation.campaignId)))!;
		const date = await invitationDateOn(data, campaign);
		if (!date) throw new PermanentJobError('date_gone');
		const conference = first(await data.q.select({ name: conferences.name }).from(conferences).where(eq(conferences.id, invitation.conferenceId)))!;
		if (signal.aborted) throw new Error('stopped before sending');
		const result = await sendMovedUpMail({
			to: person.email,
			name: person.displayName,
			title: date.groupName ? `${date.title} (${date.groupName})` : date.title,
			startsAt: date.startsAt,
			place: date.place,
			conferenceName: conference.name,
			url: answerUrl(linkKeysOn(data), payload.origin, invitation),
			locale: person.preferredLocale,
			easy: person.prefersEasyLanguage,
			messageId: movedUpMailMessageId(payload)
		});
		if (result.sent) return;
		if (result.notConfigured) throw new PermanentJobError('mail_not_configured');
		throw new Error(result.error);
	}
};
