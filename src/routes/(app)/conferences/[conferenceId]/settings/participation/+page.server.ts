import type { Actions, PageServerLoad } from './$types';
import { authorize } from '$lib/server/policies';
import { saveParticipationSettings } from '$lib/server/commands/saveParticipationSettings';
import { handleForm } from '$lib/server/forms/action';
import { participationForm } from '$lib/server/forms/participation';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { getData } from '$lib/server/db/data';

/** The office's words for the public "Mitmachen" page. */
export const load: PageServerLoad = async ({ locals, params }) => {
	authorize(locals.actor, 'conference.update', { conferenceId: params.conferenceId });
	const conference = await getConferenceOn(getData(), params.conferenceId);
	return { participation: conference?.settings.participation ?? null, separator: conference?.settings.easySeparator ?? 'hyphen' };
};

export const actions: Actions = {
	save: ({ request, locals, params }) =>
		handleForm(request, 'save', participationForm, async (data) => {
			await saveParticipationSettings(getData(), locals.actor, { conferenceId: params.conferenceId, participation: data });
		})
};
