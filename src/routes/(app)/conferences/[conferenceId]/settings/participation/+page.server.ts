import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { authorize } from '$lib/server/policies';
import { saveParticipationSettings } from '$lib/server/commands/saveParticipationSettings';
import { handleForm } from '$lib/server/forms/action';
import { participationForm } from '$lib/server/forms/participation';
import { getConference } from '$lib/server/queries/conferences';

/** The office's words for the public "Mitmachen" page. */
export const load: PageServerLoad = ({ locals, params }) => {
	authorize(locals.actor, 'conference.update', { conferenceId: params.conferenceId });
	const conference = getConference(getDb(), params.conferenceId);
	return { participation: conference?.settings.participation ?? null, separator: conference?.settings.easySeparator ?? 'hyphen' };
};

export const actions: Actions = {
	save: ({ request, locals, params }) =>
		handleForm(request, 'save', participationForm, (data) => {
			saveParticipationSettings(getDb(), locals.actor, { conferenceId: params.conferenceId, participation: data });
		})
};
