import { error } from '@sveltejs/kit';

/**
 * The signed-in person and session, or a 401. The (app) layout redirects page loads, but form
 * actions and endpoints run without layouts, so each one that needs a person asks here.
 */
export function signedIn(locals: App.Locals) {
	if (!locals.person || !locals.session) error(401, { message: 'unauthenticated' });
	return { person: locals.person, session: locals.session };
}
