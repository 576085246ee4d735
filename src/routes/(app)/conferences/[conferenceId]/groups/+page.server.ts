import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authorize } from '$lib/server/policies';
import { createWorkingGroup } from '$lib/server/commands/createWorkingGroup';
import { groupForm } from '$lib/server/forms/group';
import { invalid, parseForm, readForm } from '$lib/server/forms/parse';
import { refused } from '$lib/server/forms/errorMessages';
import { groupsVisibleTo } from '$lib/server/queries/groups';
import { steeringGroupFor } from '$lib/server/queries/steeringGroup';
import { getData } from '$lib/server/db/data';

/** The working groups of the conference the person may open; the steering group apart, as a body of the conference. */
export const load: PageServerLoad = async ({ locals, params }) => {
	authorize(locals.actor, 'conference.view', { conferenceId: params.conferenceId });
	const data = getData();
	return {
		steering: await steeringGroupFor(data, locals.actor, params.conferenceId),
		groups: (await groupsVisibleTo(data, locals.actor, params.conferenceId)).filter((g) => g.kind !== 'steering')
	};
};

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const form = await readForm(request);
		const parsed = parseForm(form, groupForm);
		if (!parsed.ok) return invalid(parsed);
		let group;
		try {
			group = await createWorkingGroup(getData(), locals.actor, { conferenceId: params.conferenceId, ...parsed.data });
		} catch (error) {
			return refused(error, form, {}, groupForm);
		}
		redirect(303, `/conferences/${params.conferenceId}/groups/${group.id}?created`);
	}
};
