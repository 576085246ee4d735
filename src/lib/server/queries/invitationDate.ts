import { eq } from 'drizzle-orm';
import { PLENARY_PLANNED_MINUTES } from '$lib/domain/invitations/logistics';
import type { InvitationTarget } from '$lib/domain/members';
import { type Data, first, type Query } from '../db/client';
import type { invitationCampaigns } from '../db/schema';

export interface InvitationDate {
	target: InvitationTarget;
	title: string;
	/** The group whose meeting it is; null for a plenary sitting. */
	groupName: string | null;
	startsAt: Date;
	place: string | null;
	/** A plenary sitting has no duration of its own: it is planned as half a day. */
	durationMinutes: number;
}

type Campaign = Pick<typeof invitationCampaigns.$inferSelect, 'target' | 'sessionId' | 'meetingId'>;

/**
 * What an invitation is for (what, when, where, how long), read from the sitting or meeting it
 * names (on its own, or inside a transaction with its `tx`).
 */
export async function invitationDateOn(data: Data, campaign: Campaign, tx: Query = data.q): Promise<InvitationDate | null> {
	const { groupMeetings, plenarySessions, workingGroups } = data.t;
	if (campaign.target === 'plenary' && campaign.sessionId) {
		const s = first(await tx.select().from(plenarySessions).where(eq(plenarySessions.id, campaign.sessionId)));
		return s ? { target: 'plenary', title: s.title, groupName: null, startsAt: s.startsAt, place: s.place, durationMinutes: PLENARY_PLANNED_MINUTES } : null;
	}
	if (!campaign.meetingId) return null;
	const row = first(
		await tx
			.select({ meeting: groupMeetings, groupName: workingGroups.name })
			.from(groupMeetings)
			.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
			.where(eq(groupMeetings.id, campaign.meetingId))
	);
	return row
		? {
				target: 'meeting',
				title: row.meeting.title,
				groupName: row.groupName,
				startsAt: row.meeting.startsAt,
				place: row.meeting.place,
				durationMinutes: row.meeting.durationMinutes
			}
		: null;
}
