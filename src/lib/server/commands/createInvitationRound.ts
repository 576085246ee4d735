import { eq, sql } from 'drizzle-orm';
import type { InvitationChannel } from '../../domain/members';
import { recordAuditIn } from '../audit/record';
import { first, type Data } from '../db/client';
import { isUniqueViolation } from '../db/uniqueViolation';
import { transactOn } from '../effects';
import { authorize, type Actor } from '../policies';
import { unknownPlaceholders } from '../invitations/letter';
import { countRecipientsOn, findInvitedDateOn, recipientIds, selectionBelongsOn, type RecipientSelection } from '../invitations/recipients';
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
 * One round per date is a key (`invitation_campaigns_one_per_session`, `…_one_per_meeting`): the
 * check below answers at once, and a round created at the same time on another instance breaks
 * the index, refused the same way (README, "Rules that span rows").
 */
export async function createInvitationRound(data: Data, actor: Actor, input: CreateInvitationRoundInput) {
	authorize(actor, 'invitation.manage', { conferenceId: input.conferenceId });
	const now = input.now ?? new Date();
	for (const [field, text] of [
		['subject', input.subject],
		['letterStandard', input.letterStandard],
		['letterEasy', input.letterEasy ?? '']
	] as const)
		if (unknownPlaceholders(text).length > 0) throw new CommandError('invite_placeholder_unknown', field);
	const { invitationCampaigns } = data.t;
	return transactOn(data, async (tx) => {
		const date = await findInvitedDateOn(data, input.conferenceId, input.target, input.dateId, tx);
		if (!date) throw new CommandError('invite_date_unknown', 'date');
		if (date.startsAt.getTime() <= now.getTime()) throw new CommandError('invite_date_past', 'date');
		if (input.answerUntil.getTime() <= now.getTime() || input.answerUntil.getTime() > date.startsAt.getTime())
			throw new CommandError('invite_deadline_invalid', 'answerUntil');
		if (input.remindDaysBefore !== null && date.startsAt.getTime() - input.remindDaysBefore * DAY_MS <= now.getTime())
			throw new CommandError('invite_reminder_too_late', 'remindDaysBefore');
		if (!(await selectionBelongsOn(data, tx, input.conferenceId, input.recipients))) throw new CommandError('invite_recipients_unknown', 'recipients');
		if ((await countRecipientsOn(data, tx, input.conferenceId, input.recipients)) === 0) throw new CommandError('invite_no_recipients', 'recipients');
		// Seats and the waiting list are the date's: a second round would give its chairs twice.
		const onThisDate = input.target === 'plenary' ? eq(invitationCampaigns.sessionId, date.id) : eq(invitationCampaigns.meetingId, date.id);
		if (first(await tx.select({ id: invitationCampaigns.id }).from(invitationCampaigns).where(onThisDate)))
			throw new CommandError('invite_date_has_round', 'date');

		const [campaign] = await tx
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
			.catch((error: unknown) => {
				// Another instance's round for this date committed after the check above: the index refuses this one.
				if (isUniqueViolation(error)) throw new CommandError('invite_date_has_round', 'date');
				throw error;
			});
		// 80 random bits as hex: the shape of an id the answer links accept (`rowTokens.ts`), drawn
		// per dialect (PostgreSQL has no randomblob: the md5 of a random UUID, built in since 13).
		const newInvitationId = data.dialect === 'postgres' ? sql`substr(md5(gen_random_uuid()::text), 1, 20)` : sql`lower(hex(randomblob(10)))`;
		const written = await data.execute(
			sql`
			INSERT INTO invitations (id, campaign_id, conference_id, person_id, token_version, created_at)
			SELECT ${newInvitationId}, ${campaign.id}, ${input.conferenceId}, person_id, 1, ${now.getTime()}
			FROM (${recipientIds(input.conferenceId, input.recipients)}) AS chosen`,
			tx
		);
		await recordAuditIn(data, tx, actor, {
			action: 'invitation.createRound',
			conferenceId: input.conferenceId,
			subjectType: 'invitationCampaign',
			subjectId: campaign.id,
			after: { target: input.target, dateId: date.id, recipients: input.recipients, invited: written, channel: input.channel, capacity: input.capacity }
		});
		return { campaignId: campaign.id, invited: written };
	});
}
