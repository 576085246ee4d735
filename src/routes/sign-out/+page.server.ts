import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getData } from '$lib/server/db/data';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { invalidateSessionOn } from '$lib/server/auth/sessions';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) await invalidateSessionOn(getData(), locals.session.id);
		deleteSessionCookie(cookies, url.protocol === 'https:');
		redirect(303, '/?signed-out');
	}
};
