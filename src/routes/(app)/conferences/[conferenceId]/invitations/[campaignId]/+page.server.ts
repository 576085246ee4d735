import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getData } from '$lib/server/db/data';
import { authorize } from '$lib/server/policies';
import { refused } from '$lib/server/forms/errorMessages';
import { sendInvitations } from '$lib/server/commands/sendInvitations';
import { readRoundOn } from '$lib/server/invitations/readRound';
import { invitationRecipients, invitationRoundCounts } from '$lib/server/queries/invitationRounds';

export const load: PageServerLoad = async ({ locals, params }) => {
	authorize(locals.actor, 'invitation.manage', { conferenceId: params.conferenceId });
	const round = await readRoundOn(getData(), params.conferenceId, params.campaignId);
	if (!round) error(404, { message: 'not_found' });
	const { campaign, date, signer } = round;
	return {
		round: {
			id: campaign.id,
			subject: campaign.subject,
			channel: campaign.channel,
			sentAt: campaign.sentAt,
			capacity: campaign.capacity,
			answerUntil: campaign.answerUntil,
			remindDaysBefore: campaign.remindDaysBefore,
			remindedAt: campaign.remindedAt
		},
		date,
		signer,
		counts: await invitationRoundCounts(getData(), campaign.id),
		recipients: await invitationRecipients(getData(), campaign.id)
	};
};

export const actions: Actions = {
	send: async ({ locals, params, url }) => {
		try {
			const sent = await sendInvitations(getData(), locals.actor, { conferenceId: params.conferenceId, campaignId: params.campaignId, origin: url.origin });
			return { action: 'send', saved: true as const, mailed: sent.mailed, byPost: sent.byPost };
		} catch (e) {
			return refused(e, new FormData(), { action: 'send' });
		}
	}
};
