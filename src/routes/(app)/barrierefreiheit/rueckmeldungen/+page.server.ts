import type { Actions, PageServerLoad } from './$types';
import { answerFromInbox, loadInbox } from '$lib/server/accessibility/inbox';

/** Feedback that names no conference has no office: platform admins answer it here. */
export const load: PageServerLoad = async ({ locals }) => await loadInbox(locals.actor, null);

export const actions: Actions = {
	answer: ({ request, locals }) => answerFromInbox(request, locals.actor, null)
};
