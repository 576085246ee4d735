import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isOneOf, LOCALES } from '$lib/domain/roles';
import { getData } from '$lib/server/db/data';
import { updateOwnPreferences } from '$lib/server/commands/updateOwnPreferences';
import { readForm } from '$lib/server/forms/parse';
import { safeReturnPath } from '$lib/server/http/returnPath';
import { rememberLocale } from '$lib/server/http/locale';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	/** Remembers the choice in a cookie and, for signed-in people, on their profile. */
	default: async ({ request, cookies, locals, url }) => {
		const form = await readForm(request);
		const locale = form.get('locale');
		const back = safeReturnPath(form.get('returnTo'));
		if (isOneOf(LOCALES, locale)) {
			rememberLocale(cookies, locale, url.protocol === 'https:');
			if (locals.person) await updateOwnPreferences(getData(), locals.actor, { personId: locals.person.id, preferredLocale: locale });
		}
		redirect(303, back);
	}
};
