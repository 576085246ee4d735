import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getData } from '$lib/server/db/data';
import { handleForm } from '$lib/server/forms/action';
import { needsFromForm, rsvpForm } from '$lib/server/forms/rsvp';
import { answerByLinkUnderLimits } from '$lib/server/limits/rsvpAnswer';
import { answerPageByLink } from '$lib/server/queries/invitationAnswers';
import { answerPageData, easyWanted } from '$lib/server/http/answerPage';

/**
 * The personal answer page of an invitation: the link is the credential (no sign-in), and a
 * forged, revoked or unknown link is the same plain 404. A plain form POST answers, so it works
 * without JavaScript on any phone.
 */
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	// The address is a key: no shared cache keeps the page.
	setHeaders({ 'cache-control': 'private, no-store' });
	const page = await answerPageByLink(getData(), params.token);
	if (!page) error(404, { message: 'not_found' });
	return answerPageData(page, easyWanted(url, page.prefersEasyLanguage));
};

export const actions: Actions = {
	default: (event) =>
		handleForm(event.request, 'answer', rsvpForm, async (data) => {
			await answerByLinkUnderLimits(getData(), event.getClientAddress(), event.params.token, {
				answer: data.answer,
				needs: needsFromForm(data),
				origin: event.url.origin
			});
		})
};
