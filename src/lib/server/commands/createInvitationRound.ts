import { eq, sql } from 'drizzle-orm';
import type { InvitationChannel } from '../../domain/members';
import type { Db } from '../db';
import { invitationCampaigns } from '../db/schema';
import { recordAudit } from '../audit/record';
import { transact } from '../effects';
import { authorize, type Actor } from '../policies';
import { unknownPlaceholders } from '../invitations/letter';
import { countRecipients, findInvitedDate, recipientIds, selectionBelongs, type RecipientSelection } from '../invitations/recipients';
import { CommandError } from './support/errors';

export interface CreateInvitationRoundInput {
	conferenceId: string;
	target: 'plenary' | 'meeting';
	/** The sitting's or the meeting's id. */
	dateId: string;
	recipients: RecipientSelection;
	subject: string;
	letterStandard: string;
	letterEasy: string | null;
	capacity: number | null;
	answerUntil: Date;
	remindDaysBefore: number | null;
	channel: InvitationChannel;
	now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The office prepares a round for one upcoming date: the letter, the deadline, the reminder, the
 * room's capacity, and who is invited. One invitation row per person is written by a single
 * `INSERT … SELECT` from the same query the form counted, so 2,000 recipients cost one statement.
 * Nothing is sent yet (`sendInvitations`); until then the office can look at the letters.
 */
export function createInvitationRound(db: Db, actor: Actor, input: CreateInvitationRoundInput) {
	authorize(actor, 'invitation.manage', { conferenceId: input.conferenceId });
	const now = input.now ?? new Date();
	for (const [field, text] of [
		['subject', input.subject],
		['letterStandard', input.letterStandard],
		['letterEasy', input.letterEasy ?? '']
	] as const)
		if (unknownPlaceholders(text).length > 0) throw new CommandError('invite_placeholder_unknown', field);
	return transact(db, (tx) => {
		const date = findInvitedDate(tx, input.conferenceId, input.target, input.dateId);
		if (!date) throw new CommandError('invite_date_unknown', 'date');
		if (date.startsAt.getTime() <= now.getTime()) throw new CommandError('invite_date_past', 'date');
		if (input.answerUntil.getTime() <= now.getTime() || input.answerUntil.getTime() > date.startsAt.getTime())
			throw new CommandError('invite_deadline_invalid', 'answerUntil');
		if (input.remindDaysBefore !== null && date.startsAt.getTime() - input.remindDaysBefore * DAY_MS <= now.getTime())
			throw new CommandError('invite_reminder_too_late', 'remindDaysBefore');
		if (!selectionBelongs(tx, input.conferenceId, input.recipients)) throw new CommandError('invite_recipients_unknown', 'recipients');
		if (countRecipients(tx, input.conferenceId, input.recipients) === 0) throw new CommandError('invite_no_recipients', 'recipients');
		// Seats and the waiting list are the date's: a second round would give its chairs twice.
		const onThisDate = input.target === 'plenary' ? eq(invitationCampaigns.sessionId, date.id) : eq(invitationCampaigns.meetingId, date.id);
		if (tx.select({ id: invitationCampaigns.id }).from(invitationCampaigns).where(onThisDate).get()) throw new CommandError('invite_date_has_round', 'date');

		const campaign = tx
			.insert(invitationCampaigns)
			.values({
				conferenceId: input.conferenceId,
				target: input.target,
				sessionId: input.target === 'plenary' ? date.id : null,
				meetingId: input.target === 'meeting' ? date.id : null,
				channel: input.channel,
				subject: input.subject,
				letterStandard: input.letterStandard,
				letterEasy: input.letterEasy,
				capacity: input.capacity,
				answerUntil: input.answerUntil,
				remindDaysBefore: input.remindDaysBefore,
				createdByPersonId: actor.personId,
				createdAt: now
			})
			.returning({ id: invitationCampaigns.id })
			.get();
		// 80 random bits as hex: the shape of an id the answer links accept (`rowTokens.ts`).
		const written = tx.run(sql`
			INSERT INTO invitations (id, campaign_id, conference_id, person_id, token_version, created_at)
			SELECT lower(hex(randomblob(10))), ${campaign.id}, ${input.conferenceId}, person_id, 1, ${now.getTime()}
			FROM (${recipientIds(input.conferenceId, input.recipients)})`).changes;
		recordAudit(tx, actor, {
			action: 'invitation.createRound',
			conferenceId: input.conferenceId,
			subjectType: 'invitationCampaign',
			subjectId: campaign.id,
			after: { target: input.target, dateId: date.id, recipients: input.recipients, invited: written, channel: input.channel, capacity: input.capacity }
		});
		return { campaignId: campaign.id, invited: written };
	});
}
