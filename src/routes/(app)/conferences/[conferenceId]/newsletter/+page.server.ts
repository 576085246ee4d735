import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { abilities, authorize } from '$lib/server/policies';
import { createDigest } from '$lib/server/commands/createDigest';
import { createDigestForm } from '$lib/server/forms/digest';
import { handleForm } from '$lib/server/forms/action';
import { newsletterIssues } from '$lib/server/queries/newsletterDrafts';
import { countRecipientsOn } from '$lib/server/newsletter/sending/recipients';
import { getData } from '$lib/server/db/data';

/** The newsletter of a conference for those who make it: drafts, published issues, who gets it. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const subject = { conferenceId: params.conferenceId };
	authorize(locals.actor, 'newsletter.manage', subject);
	const data = getData();
	return {
		...(await newsletterIssues(data, params.conferenceId)),
		subscribers: await countRecipientsOn(data, params.conferenceId, null),
		can: abilities(locals.actor, subject, ['digest.create', 'newsletter.subscribers'] as const)
	};
};

export const actions: Actions = {
	create: async (event) => {
		const answer = await handleForm(event.request, 'create', createDigestForm, async (data) => {
			const digest = await createDigest(getData(), event.locals.actor, { conferenceId: event.params.conferenceId, title: data.title });
			return { digestId: digest.id };
		});
		if ('digestId' in answer) redirect(303, `/conferences/${event.params.conferenceId}/newsletter/${answer.digestId}`);
		return answer;
	}
};
