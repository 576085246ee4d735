import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** Everything under (app) is for signed-in people; others are asked to sign in and come back. */
export const load: LayoutServerLoad = ({ locals, url }) => {
	if (!locals.person) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
};
