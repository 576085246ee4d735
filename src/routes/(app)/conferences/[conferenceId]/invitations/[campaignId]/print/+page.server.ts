import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authorize } from '$lib/server/policies';
import { printLetters } from '$lib/server/invitations/printLetters';
import { buildAccessCard } from '$lib/server/auth/accessCard';
import { issueRoundAccessCards } from '$lib/server/commands/issueRoundAccessCards';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { getData } from '$lib/server/db/data';
import { handleForm } from '$lib/server/forms/action';

const signatureUrl = (conferenceId: string) => `/conferences/${conferenceId}/settings/invitations/signature`;

/** The letters that go on paper, one a page, each with the QR code of its answer link. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	authorize(locals.actor, 'invitation.manage', { conferenceId: params.conferenceId });
	const printed = await printLetters(getData(), {
		conferenceId: params.conferenceId,
		campaignId: params.campaignId,
		origin: url.origin,
		signatureUrl: signatureUrl(params.conferenceId)
	});
	if (!printed) error(404, { message: 'not_found' });
	return {
		title: printed.round.date.title,
		campaignId: params.campaignId,
		letters: printed.letters.map(({ invitationId, easy, html }) => ({ invitationId, easy, html }))
	};
};

export const actions: Actions = {
	/**
	 * The same letters, each followed by a new access card on its own page: for people who take part
	 * on paper. Every card is a new personal link (audited); the cards are in this answer only.
	 */
	withCards: (event) =>
		handleForm(event.request, 'withCards', {}, async () => {
			const { conferenceId, campaignId } = event.params;
			authorize(event.locals.actor, 'invitation.manage', { conferenceId });
			const printed = await printLetters(getData(), { conferenceId, campaignId, origin: event.url.origin, signatureUrl: signatureUrl(conferenceId) });
			if (!printed) error(404, { message: 'not_found' });
			const tokens = await issueRoundAccessCards(getData(), event.locals.actor, {
				conferenceId,
				personIds: printed.letters.map((letter) => letter.personId),
				expiresAt: null
			});
			const conference = (await getConferenceOn(getData(), conferenceId))!;
			const cards: Record<string, Awaited<ReturnType<typeof buildAccessCard>>> = {};
			for (const letter of printed.letters) {
				cards[letter.invitationId] = await buildAccessCard({
					origin: event.url.origin,
					token: tokens.get(letter.personId)!,
					personName: letter.name,
					conference,
					expiresAt: null
				});
			}
			return { cards };
		})
};
