import { eq } from 'drizzle-orm';
import { first } from '../../db/client';
import { answerUrl, linkKeysOn } from '../../invitations/links';
import { renderLetter } from '../../invitations/letter';
import { readRoundOn, signatureBytesOn } from '../../invitations/readRound';
import { sendMail } from '../../mail/transport';
import { PermanentJobError, objectPayload, stringField, type JobHandler } from '../types';

/**
 * One invited person's letter by mail, or their reminder. One job per invitation rather than one
 * per round: each mail is retried on its own, a refused address shows on the failed-jobs page
 * with the person it belongs to, and the runner's concurrency sends a round of 2,000 as fast as
 * the relay allows, while enqueueing them is one statement (`effects.jobs`). Only ids travel;
 * the letter is rendered when the mail goes out, so a corrected address or name counts.
 */
export interface InvitationMailPayload {
	invitationId: string;
	/** A reminder to someone who has not answered, rather than the letter itself. */
	reminder: boolean;
	origin: string;
}

export const invitationMailKey = (p: Pick<InvitationMailPayload, 'invitationId' | 'reminder'>) =>
	`mail.invitation:${p.reminder ? 'reminder' : 'letter'}:${p.invitationId}`;

/** The same for every attempt: a rare second copy after a crash is recognisable. */
export const invitationMessageId = (p: Pick<InvitationMailPayload, 'invitationId' | 'reminder'>) =>
	`<invitation-${p.reminder ? 'reminder' : 'letter'}.${p.invitationId}@ratschlag>`;

const SIGNATURE_CID = 'signature@ratschlag';

export const mailInvitation: JobHandler<InvitationMailPayload> = {
	maxAttempts: 6,
	parse(raw) {
		const o = objectPayload(raw);
		const origin = stringField(o, 'origin');
		if (!/^https?:\/\/[^/]+$/.test(origin)) throw new PermanentJobError('payload field origin is not an origin');
		if (typeof o.reminder !== 'boolean') throw new PermanentJobError('payload field reminder is not a boolean');
		return { invitationId: stringField(o, 'invitationId', 64), reminder: o.reminder, origin };
	},
	async run(payload, { data, signal }) {
		const { invitations, people } = data.t;
		const invitation = first(await data.q.select().from(invitations).where(eq(invitations.id, payload.invitationId)));
		// The round was deleted, or the person left: nobody to write to.
		if (!invitation) return;
		// Mail is at-least-once; a letter or reminder recorded as sent is not sent twice by a retried job.
		if (!payload.reminder && invitation.mailedAt) return;
		// A reminder goes once, and only to someone who still has not answered when it goes out.
		if (payload.reminder && (invitation.remindedAt || invitation.answer !== null)) return;
		const round = await readRoundOn(data, invitation.conferenceId, invitation.campaignId);
		if (!round) return;
		if (round.date.startsAt.getTime() <= Date.now()) return;
		const person = first(await data.q.select().from(people).where(eq(people.id, invitation.personId)));
		// No address: this person's letter is printed ("per Post"), which the round's page lists.
		if (!person?.email) return;
		const easy = person.prefersEasyLanguage;
		const signature = round.signer && round.signature ? await signatureBytesOn(data, invitation.conferenceId) : null;
		const letter = renderLetter({
			edition: easy ? 'easy' : 'standard',
			template: easy ? round.letterEasy : round.campaign.letterStandard,
			subject: round.campaign.subject,
			recipient: { name: person.displayName, organisation: person.organisation },
			date: round.date,
			answerUntil: round.campaign.answerUntil,
			answerUrl: answerUrl(linkKeysOn(data), payload.origin, invitation),
			conference: round.conference,
			signer: round.signer,
			signatureSrc: signature ? `cid:${SIGNATURE_CID}` : null
		});
		if (signal.aborted) throw new Error('stopped before sending');
		const subject = payload.reminder ? `Erinnerung: ${letter.subject}` : letter.subject;
		const result = await sendMail({
			to: person.email,
			subject,
			text: letter.text,
			html: letter.mailHtml,
			lang: 'de',
			messageId: invitationMessageId(payload),
			inlineImages:
				signature && round.signature
					? [
							{
								cid: SIGNATURE_CID,
								filename: round.signature.contentType === 'image/png' ? 'unterschrift.png' : 'unterschrift.jpg',
								contentType: round.signature.contentType,
								content: signature
							}
						]
					: undefined
		});
		if (result.sent) {
			await data.q
				.update(invitations)
				.set(payload.reminder ? { remindedAt: new Date() } : { mailedAt: new Date() })
				.where(eq(invitations.id, invitation.id));
			return;
		}
		if (result.notConfigured) throw new PermanentJobError('mail_not_configured');
		throw new Error(result.error);
	}
};
