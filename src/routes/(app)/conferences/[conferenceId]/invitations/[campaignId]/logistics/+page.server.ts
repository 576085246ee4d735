import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getData } from '$lib/server/db/data';
import { answerInvitation } from '$lib/server/commands/answerInvitation';
import { CommandError } from '$lib/server/commands/support/errors';
import { handleForm } from '$lib/server/forms/action';
import { needsFromForm, rsvpOnBehalfForm } from '$lib/server/forms/rsvp';
import { invitationLogistics } from '$lib/server/queries/invitationLogistics';

/** One date's answers, waiting list and needs: the office's alone (invitationLogistics authorizes invitation.viewNeeds). */
export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
	// Health data: no shared cache keeps the page.
	setHeaders({ 'cache-control': 'private, no-store' });
	const view = await invitationLogistics(getData(), locals.actor, params.conferenceId, params.campaignId);
	if (!view) error(404, { message: 'not_found' });
	return { view };
};

export const actions: Actions = {
	/** The office records an answer someone gave by phone; the needs ticked replace theirs. */
	answer: ({ request, locals, params, url }) =>
		handleForm(request, 'answer', rsvpOnBehalfForm, async (data) => {
			const view = await invitationLogistics(getData(), locals.actor, params.conferenceId, params.campaignId);
			if (!view?.people.some((p) => p.invitationId === data.invitationId)) throw new CommandError('not_found', 'invitationId');
			await answerInvitation(
				getData(),
				{ via: 'signedIn', actor: locals.actor, invitationId: data.invitationId },
				{ answer: data.answer, needs: needsFromForm(data), origin: url.origin }
			);
		})
};
