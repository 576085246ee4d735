import type { Actions, PageServerLoad } from './$types';
import { signUpAction, signUpLoad } from '$lib/server/http/newsletterSignUp';

/** The sign-up in Leichte Sprache: the same form, its own words and consent text; may be embedded too. */
export const load: PageServerLoad = ({ params }) => signUpLoad(params.conferenceId, 'easy_form');

export const actions: Actions = {
	default: (event) => signUpAction(event, 'easy_form')
};
