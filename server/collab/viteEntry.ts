import { openData } from '../../src/lib/server/db/data';
import { jobRunnerSettings } from '../../src/lib/server/jobs/config';
import { startJobRunner } from '../../src/lib/server/jobs/runner';
import { reprojectPollsOn } from '../../src/lib/server/polls/reprojectPolls';
import { docServerLimits } from './config';
import { startDocServer } from './docServer';

/** What the Vite plugin loads: in dev through Vite's SSR loader, in preview from build/collab.js. */
export async function startForVite(allowedOrigins: string[]) {
	const data = await openData();
	const server = startDocServer({ data, allowedOrigins, ...docServerLimits(process.env) });
	// As server/index.ts does: polls whose projection a crash cut short, shown as the database has them.
	reprojectPollsOn(data).catch((error) => console.error('re-projecting polls failed', error));
	return server;
}

/** The job runner in `vite dev` / `vite preview`, started with the server (not lazily, like the document server): mail queued there goes out. */
export async function startJobsForVite() {
	return startJobRunner(await openData(), jobRunnerSettings());
}
