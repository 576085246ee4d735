import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authorize, can } from '$lib/server/policies';
import { createPlenarySession } from '$lib/server/commands/createPlenarySession';
import { plenarySessionForm } from '$lib/server/forms/plenary';
import { invalid, parseForm, readForm } from '$lib/server/forms/parse';
import { listPlenarySessions } from '$lib/server/queries/plenary';
import { getData } from '$lib/server/db/data';

/** The conference's sittings, for those who belong to it. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const { conferenceId } = params;
	authorize(locals.actor, 'conference.view', { conferenceId });
	return {
		sessions: (await listPlenarySessions(getData(), conferenceId)).filter((session) =>
			can(locals.actor, 'plenary.view', { conferenceId, sessionId: session.id })
		)
	};
};

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const parsed = parseForm(await readForm(request), plenarySessionForm);
		if (!parsed.ok) return invalid(parsed);
		const session = await createPlenarySession(getData(), locals.actor, { conferenceId: params.conferenceId, ...parsed.data });
		redirect(303, `/conferences/${params.conferenceId}/plenary/${session.id}?created`);
	}
};
