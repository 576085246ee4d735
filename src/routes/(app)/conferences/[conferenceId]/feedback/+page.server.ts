import type { Actions, PageServerLoad } from './$types';
import { answerFromInbox, loadInbox } from '$lib/server/accessibility/inbox';

/** The conference office's inbox of accessibility feedback (BITV 2.0 § 7: answer within a month). */
export const load: PageServerLoad = async ({ locals, params }) => await loadInbox(locals.actor, params.conferenceId);

export const actions: Actions = {
	answer: ({ request, locals, params }) => answerFromInbox(request, locals.actor, params.conferenceId)
};
