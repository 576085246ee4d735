import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { authorize } from '$lib/server/policies';
import { printLetters } from '$lib/server/invitations/printLetters';

/** The letters that go on paper, one a page, each with the QR code of its answer link. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	authorize(locals.actor, 'invitation.manage', { conferenceId: params.conferenceId });
	const signatureUrl = `/conferences/${params.conferenceId}/settings/invitations/signature`;
	const printed = await printLetters(getDb(), { conferenceId: params.conferenceId, campaignId: params.campaignId, origin: url.origin, signatureUrl });
	if (!printed) error(404, { message: 'not_found' });
	return {
		title: printed.round.date.title,
		campaignId: params.campaignId,
		letters: printed.letters.map(({ invitationId, easy, html }) => ({ invitationId, easy, html }))
	};
};
