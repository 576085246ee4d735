import type { Actions, PageServerLoad } from './$types';
import { loadFailedJobs, retryFromPage } from '$lib/server/jobs/failedJobsPage';

/** Failed background jobs of no conference: platform admins see and retry them here. */
export const load: PageServerLoad = ({ locals }) => loadFailedJobs(locals.actor, null);

export const actions: Actions = {
	retry: ({ request, locals }) => retryFromPage(request, locals.actor, null)
};
