import { error } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { first } from '$lib/server/db/client';
import type { Actions, PageServerLoad } from './$types';
import { getData } from '$lib/server/db/data';
import { handleForm } from '$lib/server/forms/action';
import { pauseSend } from '$lib/server/commands/pauseSend';
import { resumeSend } from '$lib/server/commands/resumeSend';
import { abilities, authorize, can } from '$lib/server/policies';
import { digestSubjectByIdOn } from '$lib/server/policies/subjects';
import { sendProgress } from '$lib/server/queries/sendProgress';

async function subjectOf(conferenceId: string, digestId: string) {
	const subject = await digestSubjectByIdOn(getData(), digestId);
	if (!subject || subject.conferenceId !== conferenceId) error(404, { message: 'not_found' });
	return subject;
}

/**
 * A digest's send as its editors follow it: sent of total per edition, failures, the relay's
 * answers, pause and resume. Editors see counts and errors; the office, who may see subscribers'
 * addresses, also which addresses failed.
 */
export const load: PageServerLoad = async ({ locals, params, depends }) => {
	const subject = await subjectOf(params.conferenceId, params.digestId);
	const data = getData();
	const { digests } = data.t;
	const conference = { conferenceId: params.conferenceId };
	authorize(locals.actor, 'newsletter.manage', conference);
	depends('app:sending');
	const digest = first(
		await data.q
			.select({ id: digests.id, title: digests.title, number: digests.number, state: digests.state })
			.from(digests)
			.where(eq(digests.id, params.digestId))
	)!;
	return {
		digest,
		progress: await sendProgress(data, params.digestId, { withAddresses: can(locals.actor, 'newsletter.subscribers', conference) }),
		digestAbilities: abilities(locals.actor, subject, ['digest.send'] as const)
	};
};

const ref = (params: { conferenceId: string; digestId: string }, origin: string) => ({ conferenceId: params.conferenceId, digestId: params.digestId, origin });

export const actions: Actions = {
	pause: ({ request, locals, params, url }) =>
		handleForm(request, 'pause', {}, async () => {
			await pauseSend(getData(), locals.actor, ref(params, url.origin));
		}),
	resume: ({ request, locals, params, url }) =>
		handleForm(request, 'resume', {}, async () => {
			await resumeSend(getData(), locals.actor, ref(params, url.origin));
		})
};
