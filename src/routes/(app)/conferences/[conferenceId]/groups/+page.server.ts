import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { authorize } from '$lib/server/policies';
import { createWorkingGroup } from '$lib/server/commands/createWorkingGroup';
import { groupForm } from '$lib/server/forms/group';
import { invalid, parseForm, readForm } from '$lib/server/forms/parse';
import { groupsVisibleTo } from '$lib/server/queries/groups';

/** The working groups of the conference the person may open. */
export const load: PageServerLoad = ({ locals, params }) => {
	authorize(locals.actor, 'conference.view', { conferenceId: params.conferenceId });
	return { groups: groupsVisibleTo(getDb(), locals.actor, params.conferenceId) };
};

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const parsed = parseForm(await readForm(request), groupForm);
		if (!parsed.ok) return invalid(parsed);
		const group = createWorkingGroup(getDb(), locals.actor, { conferenceId: params.conferenceId, ...parsed.data });
		redirect(303, `/conferences/${params.conferenceId}/groups/${group.id}?created`);
	}
};
