import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import type { JobState } from '../db/schema';
import { accessLinkMailKey } from '../jobs/kinds/mailAccessLink';

/** How many failed jobs a page lists at most; the newest first. */
const FAILED_LIST_LIMIT = 200;

/**
 * Failed jobs of a conference, or of none (conferenceId null: the platform admins'), newest first;
 * a mail job names the person it was for. Callers authorize `job.list` for the same scope first.
 */
export async function listFailedJobs(data: Data, conferenceId: string | null) {
	const { accessLinks, jobs, people } = data.t;
	return await data.q
		.select({
			id: jobs.id,
			kind: jobs.kind,
			attempts: jobs.attempts,
			lastError: jobs.lastError,
			finishedAt: jobs.finishedAt,
			personName: people.displayName
		})
		.from(jobs)
		.leftJoin(accessLinks, sql`${jobs.key} = 'mail.accessLink:' || ${accessLinks.id}`)
		.leftJoin(people, eq(people.id, accessLinks.personId))
		.where(and(eq(jobs.state, 'failed'), conferenceId === null ? isNull(jobs.conferenceId) : eq(jobs.conferenceId, conferenceId)))
		.orderBy(desc(jobs.finishedAt), desc(jobs.id))
		.limit(FAILED_LIST_LIMIT);
}

export interface MailStatus {
	state: JobState;
	/** When it was enqueued, sent or failed for good, or (queued after a failure) when it is tried next. */
	at: Date;
	lastError: string | null;
}

/** The latest mail of a link to this person, as the person's page shows it; null if none was asked for. */
export async function accessLinkMailStatusOn(data: Data, conferenceId: string, personId: string): Promise<MailStatus | null> {
	const { accessLinks, jobs } = data.t;
	const links = await data.q
		.select({ id: accessLinks.id })
		.from(accessLinks)
		.where(and(eq(accessLinks.conferenceId, conferenceId), eq(accessLinks.personId, personId)));
	if (links.length === 0) return null;
	const job = first(
		await data.q
			.select({ state: jobs.state, createdAt: jobs.createdAt, runAt: jobs.runAt, finishedAt: jobs.finishedAt, lastError: jobs.lastError })
			.from(jobs)
			.where(
				inArray(
					jobs.key,
					links.map((l) => accessLinkMailKey(l.id))
				)
			)
			.orderBy(desc(jobs.createdAt), desc(jobs.id))
			.limit(1)
	);
	if (!job) return null;
	return mailStatus(job);
}

function mailStatus(job: { state: JobState; createdAt: Date; runAt: Date; finishedAt: Date | null; lastError: string | null }): MailStatus {
	const at = job.state === 'done' || job.state === 'failed' ? job.finishedAt! : job.state === 'queued' && job.lastError ? job.runAt : job.createdAt;
	return { state: job.state, at, lastError: job.lastError };
}
