import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { getData } from '$lib/server/db/data';
import { easySectionsFor } from '$lib/server/easy/sections';
import { conferencesVisibleTo } from '$lib/server/queries/conferences';

/** Everything in easy language is for signed-in people, as under (app); others sign in and come back. */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	if (!locals.person) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
	// Help in the same place on every page (WCAG 3.2.6): the office of each of the person's conferences.
	const contacts = (await conferencesVisibleTo(getData(), locals.actor)).map((c) => ({
		name: c.name,
		email: c.settings.contactEmail,
		phone: c.settings.contactPhone
	}));
	return {
		// Tells the root layout to leave the frame to the easy layout (page data of every page sees it).
		easyLayout: true,
		contacts,
		sections: await easySectionsFor({ data: getData(), actor: locals.actor, personId: locals.person.id })
	};
};
