import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { lockForUpdate } from '../../db/locks';
import { transactOn } from '../../effects';
import { readRoundOn } from '../../invitations/readRound';
import { invitationMailKey, type InvitationMailPayload } from './mailInvitation';
import { PermanentJobError, objectPayload, stringField, type JobHandler } from '../types';

/**
 * The reminder of a round, due `remind_days_before` days before the date (scheduled when the
 * round is sent; there is no cron). When it runs it re-reads the round: a date moved later
 * schedules the reminder again for then, a date passed or a round already reminded does nothing.
 * Otherwise it asks for one reminder mail per person who has not answered and has an address
 * (each sent once, checked again as it goes out) and marks the round reminded, in one transaction.
 */
export interface RemindPayload {
	campaignId: string;
	conferenceId: string;
	origin: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Keyed by when it is due: the same reminder is asked for once, a moved date may ask again. */
export const remindKey = (campaignId: string, runAt: Date) => `invitations.remind:${campaignId}:${runAt.getTime()}`;

export function reminderDue(startsAt: Date, remindDaysBefore: number): Date {
	return new Date(startsAt.getTime() - remindDaysBefore * DAY_MS);
}

export const invitationsRemind: JobHandler<RemindPayload> = {
	maxAttempts: 6,
	parse(raw) {
		const o = objectPayload(raw);
		const origin = stringField(o, 'origin');
		if (!/^https?:\/\/[^/]+$/.test(origin)) throw new PermanentJobError('payload field origin is not an origin');
		return { campaignId: stringField(o, 'campaignId', 64), conferenceId: stringField(o, 'conferenceId', 64), origin };
	},
	async run(payload, { data }) {
		const now = Date.now();
		const { invitationCampaigns, invitations, people } = data.t;
		await transactOn(data, async (tx, effects) => {
			// The round's row, held before it is read: a second run of this job (a lease that ran
			// out) waits and then reads the round reminded (README, "Rules that span rows").
			await lockForUpdate(data, tx, invitationCampaigns, payload.campaignId);
			const round = await readRoundOn(data, payload.conferenceId, payload.campaignId, tx);
			if (!round) return;
			const { campaign, date } = round;
			if (!campaign.sentAt || campaign.remindedAt || campaign.remindDaysBefore === null) return;
			if (date.startsAt.getTime() <= now) return;
			const due = reminderDue(date.startsAt, campaign.remindDaysBefore);
			// The date moved later since this was scheduled: remind then, not now.
			if (due.getTime() > now + 60_000) {
				await effects.job('invitations.remind', payload, { key: remindKey(campaign.id, due), runAt: due, conferenceId: payload.conferenceId });
				return;
			}
			const open = await tx
				.select({ id: invitations.id })
				.from(invitations)
				.innerJoin(people, eq(people.id, invitations.personId))
				.where(and(eq(invitations.campaignId, campaign.id), isNull(invitations.answer), isNull(invitations.remindedAt), isNotNull(people.email)));
			await effects.jobs(
				'mail.invitation',
				open.map(({ id }) => {
					const mail: InvitationMailPayload = { invitationId: id, reminder: true, origin: payload.origin };
					return { payload: mail, options: { key: invitationMailKey(mail), conferenceId: payload.conferenceId } };
				})
			);
			await tx
				.update(invitationCampaigns)
				.set({ remindedAt: new Date(now) })
				.where(eq(invitationCampaigns.id, campaign.id));
		});
	}
};
