import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authorize } from '$lib/server/policies';
import { createConference } from '$lib/server/commands/createConference';
import { conferenceForm, toConferenceInput } from '$lib/server/forms/conference';
import { invalid, parseForm, readForm } from '$lib/server/forms/parse';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = ({ locals }) => {
	authorize(locals.actor, 'conference.create', null);
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const parsed = parseForm(await readForm(request), conferenceForm);
		if (!parsed.ok) return invalid(parsed);
		const conference = await createConference(getData(), locals.actor, toConferenceInput(parsed.data));
		redirect(303, `/conferences/${conference.id}?created`);
	}
};
