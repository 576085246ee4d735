import type { Actions, PageServerLoad } from './$types';
import { signUpAction, signUpLoad } from '$lib/server/http/newsletterSignUp';

/** The public sign-up for a conference's newsletter: no account, no JavaScript; may be embedded (hooks.server.ts). */
export const load: PageServerLoad = ({ params }) => signUpLoad(params.conferenceId, 'form');

export const actions: Actions = {
	default: (event) => signUpAction(event, 'form')
};
