import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { authorize } from '$lib/server/policies';
import { updateConference } from '$lib/server/commands/updateConference';
import { handleForm } from '$lib/server/forms/action';
import { conferenceForm, toConferenceInput } from '$lib/server/forms/conference';

export const load: PageServerLoad = ({ locals, params }) => {
	authorize(locals.actor, 'conference.update', { conferenceId: params.conferenceId });
};

export const actions: Actions = {
	default: ({ request, locals, params }) =>
		handleForm(request, 'update', conferenceForm, (data) => {
			updateConference(getDb(), locals.actor, params.conferenceId, toConferenceInput(data));
		})
};
