import { and, count, eq, isNotNull, sql } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { changedRows, first, type Data } from '../db/client';
import { transactOn } from '../effects';
import { authorize, type Actor } from '../policies';
import { readRoundOn } from '../invitations/readRound';
import { invitationMailKey, type InvitationMailPayload } from '../jobs/kinds/mailInvitation';
import { remindKey, reminderDue } from '../jobs/kinds/invitationsRemind';
import { CommandError } from './support/errors';

export interface SendInvitationsInput {
	conferenceId: string;
	campaignId: string;
	/** The site's origin, for the answer links; a command run without a request uses ORIGIN. */
	origin?: string;
	now?: Date;
}

/**
 * The office sends a round: from now on its list is fixed. Everyone with a mail address gets a
 * job for their letter (unless the round goes on paper only); those without one are printed. All
 * mail jobs are written in one statement, so 2,000 cost what one does, and nothing is sent before
 * the transaction commits. A reminder, when the round asks for one, is a job due N days before.
 */
export async function sendInvitations(data: Data, actor: Actor, input: SendInvitationsInput) {
	authorize(actor, 'invitation.manage', { conferenceId: input.conferenceId });
	const now = input.now ?? new Date();
	const origin = input.origin ?? process.env.ORIGIN ?? 'http://localhost:3000';
	const { invitationCampaigns, invitations, people } = data.t;
	return transactOn(data, async (tx, effects) => {
		const round = await readRoundOn(data, input.conferenceId, input.campaignId, tx);
		if (!round) throw new CommandError('not_found');
		const { campaign, date } = round;
		if (campaign.sentAt) throw new CommandError('invite_already_sent');
		if (date.startsAt.getTime() <= now.getTime()) throw new CommandError('invite_date_past');
		// Only the first sender wins, should two offices press the button at once (README, "Rules
		// that span rows": on PostgreSQL the update waits for the other's and re-reads its condition).
		const marked = changedRows(
			await tx
				.update(invitationCampaigns)
				.set({ sentAt: now })
				.where(and(eq(invitationCampaigns.id, campaign.id), sql`${invitationCampaigns.sentAt} IS NULL`))
		);
		if (marked === 0) throw new CommandError('invite_already_sent');

		const withAddress =
			campaign.channel === 'print'
				? []
				: await tx
						.select({ id: invitations.id })
						.from(invitations)
						.innerJoin(people, eq(people.id, invitations.personId))
						.where(and(eq(invitations.campaignId, campaign.id), isNotNull(people.email)));
		await effects.jobs(
			'mail.invitation',
			withAddress.map(({ id }) => {
				const mail: InvitationMailPayload = { invitationId: id, reminder: false, origin };
				return { payload: mail, options: { key: invitationMailKey(mail), conferenceId: input.conferenceId } };
			})
		);
		let remindAt: Date | null = null;
		if (campaign.remindDaysBefore !== null && campaign.channel !== 'print') {
			const due = reminderDue(date.startsAt, campaign.remindDaysBefore);
			// A reminder that would be due already says nothing the letter just did not.
			if (due.getTime() > now.getTime()) {
				remindAt = due;
				await effects.job(
					'invitations.remind',
					{ campaignId: campaign.id, conferenceId: input.conferenceId, origin },
					{ key: remindKey(campaign.id, due), runAt: due, conferenceId: input.conferenceId }
				);
			}
		}
		// A count comes back as a string on PostgreSQL.
		const invited = Number(first(await tx.select({ n: count() }).from(invitations).where(eq(invitations.campaignId, campaign.id)))?.n ?? 0);
		await recordAuditIn(data, tx, actor, {
			action: 'invitation.send',
			conferenceId: input.conferenceId,
			subjectType: 'invitationCampaign',
			subjectId: campaign.id,
			after: { invited, mailed: withAddress.length, remindAt: remindAt?.toISOString() ?? null }
		});
		return { invited, mailed: withAddress.length, byPost: invited - withAddress.length, remindAt };
	});
}
