import { eq } from 'drizzle-orm';
import { movingUp } from '$lib/domain/invitations/waitingList';
import type { Data, Query } from '../../db/client';
import type { invitationCampaigns } from '../../db/schema';
import { recordAuditIn } from '../../audit/record';
import type { DataEffects } from '../../effects';
import type { Actor } from '../../policies';
import { movedUpMailKey } from '../../jobs/kinds/mailInvitationMovedUp';

type Campaign = Pick<typeof invitationCampaigns.$inferSelect, 'id' | 'conferenceId' | 'capacity'>;

/** The rows the waiting list is computed over: every invitation of the date (on its own, or inside a transaction with its `tx`). */
export async function answersOfOn(data: Data, campaignId: string, tx: Query = data.q) {
	const { invitations } = data.t;
	return await tx
		.select({
			id: invitations.id,
			personId: invitations.personId,
			answer: invitations.answer,
			place: invitations.place,
			waitingSince: invitations.waitingSince
		})
		.from(invitations)
		.where(eq(invitations.campaignId, campaignId));
}

/**
 * Gives every free seat to the first on the waiting list and tells them by mail. Runs in the
 * transaction of whatever freed a seat (a "no", a "maybe" after a "yes", a raised capacity), on
 * rows read in it, after the caller has held the round's row (README, "Rules that span rows":
 * on PostgreSQL every writer of the round's seats holds it; SQLite lets one writer in at a time),
 * so a seat is never given twice. Answers the invitations that moved up.
 */
export async function fillFreedSeatsIn(
	data: Data,
	tx: Query,
	effects: Pick<DataEffects, 'job'>,
	actor: Actor,
	campaign: Campaign,
	at: Date,
	origin: string
): Promise<string[]> {
	const { invitations } = data.t;
	const moved = movingUp(campaign.capacity, await answersOfOn(data, campaign.id, tx));
	for (const row of moved) {
		await tx.update(invitations).set({ place: 'seat', waitingSince: null, movedUpAt: at }).where(eq(invitations.id, row.id));
		await effects.job(
			'mail.invitationMovedUp',
			{ invitationId: row.id, movedUpAt: at.getTime(), origin },
			{ key: movedUpMailKey(row.id, at), conferenceId: campaign.conferenceId }
		);
		await recordAuditIn(data, tx, actor, {
			action: 'invitation.movedUp',
			conferenceId: campaign.conferenceId,
			subjectType: 'invitation',
			subjectId: row.id,
			before: { place: 'waiting' },
			after: { place: 'seat' }
		});
	}
	return moved.map((row) => row.id);
}
