import { getData } from '../db/data';
import { authorize, type Actor } from '../policies';
import { retryJob } from '../commands/retryJob';
import { handleForm } from '../forms/action';
import { fromPage, requiredId } from '../forms/fields';
import { listFailedJobs } from '../queries/jobs';

/**
 * The two pages of failed jobs (a conference's, and the platform admins' for jobs of no
 * conference) work alike; only the conference differs, null for the platform.
 */
export async function loadFailedJobs(actor: Actor, conferenceId: string | null) {
	authorize(actor, 'job.list', { conferenceId });
	return { jobs: await listFailedJobs(getData(), conferenceId) };
}

export function retryFromPage(request: Request, actor: Actor, conferenceId: string | null) {
	return handleForm(request, 'retry', { jobId: fromPage(requiredId()) }, async ({ jobId }) => {
		await retryJob(getData(), actor, { conferenceId, jobId });
	});
}
