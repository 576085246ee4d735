import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { authorize } from '$lib/server/policies';
import { updateConference } from '$lib/server/commands/updateConference';
import { conferenceForm, toConferenceInput } from '$lib/server/forms/conference';
import { invalid, parseForm } from '$lib/server/forms/parse';
import { refused } from '$lib/server/forms/errorMessages';

export const load: PageServerLoad = ({ locals, params }) => {
	authorize(locals.actor, 'conference.update', { conferenceId: params.conferenceId });
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const form = await request.formData();
		const parsed = parseForm(form, conferenceForm);
		if (!parsed.ok) return invalid(parsed);
		try {
			updateConference(getDb(), locals.actor, params.conferenceId, toConferenceInput(parsed.data));
		} catch (e) {
			return refused(e, form);
		}
		return { saved: true };
	}
};
