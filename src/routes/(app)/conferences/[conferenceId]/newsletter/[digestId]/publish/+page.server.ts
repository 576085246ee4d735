import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { publishDigest } from '$lib/server/commands/publishDigest';
import { handleForm } from '$lib/server/forms/action';
import { publishDigestForm } from '$lib/server/forms/digestPublish';
import { digestSubjectByIdOn } from '$lib/server/policies/subjects';
import { publishConfirmation } from '$lib/server/queries/digestPublishing';
import { getData } from '$lib/server/db/data';

const sendingPath = (conferenceId: string, digestId: string) => `/conferences/${conferenceId}/newsletter/${digestId}/sending`;

/**
 * The last step before a digest goes out: who gets it (per edition, and which audience), the
 * easy edition's state, and the explicit confirmation where the easy edition is unchecked or
 * missing for easy-language subscribers. An issue already published has nothing to confirm:
 * the page leads on to its sending.
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const data = getData();
	const subject = await digestSubjectByIdOn(data, params.digestId);
	if (!subject || subject.conferenceId !== params.conferenceId) error(404, { message: 'not_found' });
	if (subject.state === 'published') redirect(303, sendingPath(params.conferenceId, params.digestId));
	return await publishConfirmation(data, locals.actor, { ...subject, id: params.digestId });
};

export const actions: Actions = {
	publish: async ({ request, locals, params, url }) => {
		const subject = await digestSubjectByIdOn(getData(), params.digestId);
		if (!subject || subject.conferenceId !== params.conferenceId) error(404, { message: 'not_found' });
		const answer = await handleForm(request, 'publish', publishDigestForm, async (data) => {
			await publishDigest(getData(), locals.actor, { digestId: params.digestId, confirmUncheckedEasy: data.confirmUncheckedEasy, origin: url.origin });
		});
		if ('saved' in answer && answer.saved) redirect(303, sendingPath(params.conferenceId, params.digestId));
		return answer;
	}
};
