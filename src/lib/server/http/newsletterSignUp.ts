import { error, type RequestEvent } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { handleForm } from '../forms/action';
import { signUpForm } from '../forms/newsletter';
import { subscribeUnderLimits } from '../limits/newsletterSignUp';
import { getConferenceOn } from '../queries/conferences';
import { getData } from '../db/data';
import { consentText } from '../newsletter/consent';

/**
 * The two public sign-up pages (standard and Leichte Sprache) differ in wording and layout
 * only: both load and post through here, and each stores the consent text it showed.
 */
export async function signUpLoad(conferenceId: string, via: 'form' | 'easy_form') {
	const conference = await getConferenceOn(getData(), conferenceId);
	if (!conference) error(404, { message: 'not_found' });
	return {
		conference: { id: conference.id, name: conference.name },
		consentText: consentText(via, conference.name, getLocale())
	};
}

export function signUpAction(event: RequestEvent, via: 'form' | 'easy_form') {
	const conferenceId = event.params.conferenceId!;
	return handleForm(event.request, 'signUp', signUpForm, async (data) => {
		// A robot that filled in the hidden field is told what everyone is told, and nothing is stored or sent.
		if (data.website) return;
		await subscribeUnderLimits(getData(), event.getClientAddress(), {
			conferenceId,
			email: data.email,
			name: data.name,
			edition: data.edition,
			via,
			locale: getLocale(),
			clientAddress: event.getClientAddress(),
			origin: event.url.origin
		});
	});
}
