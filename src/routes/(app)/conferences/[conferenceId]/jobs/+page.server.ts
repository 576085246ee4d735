import type { Actions, PageServerLoad } from './$types';
import { loadFailedJobs, retryFromPage } from '$lib/server/jobs/failedJobsPage';

/** The conference's failed background jobs (a mail that did not go out), with "try again". */
export const load: PageServerLoad = ({ locals, params }) => loadFailedJobs(locals.actor, params.conferenceId);

export const actions: Actions = {
	retry: ({ request, locals, params }) => retryFromPage(request, locals.actor, params.conferenceId)
};
