import type { Data } from '../db/client';
import { plenaryDoc } from '../../collab/docNames';
import { clearPoll, writePoll } from '../../plenary/poll';
import { changeDocumentOn } from '../collab/changeDocument';
import { latestPoll, publicPoll } from './publicPoll';

/**
 * Shows a session's latest poll on every screen: reads it from the database, where the votes
 * are, and writes its public face into the session's live document. One session's projections
 * run one at a time, each from its first read to its write: a count whose reads began before a
 * close could otherwise be written after the close's own projection, and put the closed poll
 * back on the screens as open. (Per process: the projections of two instances are not ordered.)
 */
export function projectPollOn(data: Data, sessionId: string): Promise<void> {
	return oneAtATime(sessionId, async () => {
		const poll = await latestPoll(data, sessionId);
		const view = poll ? await publicPoll(data, poll.id) : null;
		await changeDocumentOn(data, plenaryDoc(sessionId), (doc) => (view ? writePoll(doc, view) : clearPoll(doc)));
	});
}

/** The last projection of each session, running or queued: the next one starts after it. */
const sections = new Map<string, Promise<void>>();

function oneAtATime(sessionId: string, fn: () => Promise<void>): Promise<void> {
	// One that failed does not stop the next; its caller hears of it.
	const run = (sections.get(sessionId) ?? Promise.resolve()).then(fn);
	const settled = run.catch(() => {});
	sections.set(sessionId, settled);
	void settled.then(() => {
		if (sections.get(sessionId) === settled) sections.delete(sessionId);
	});
	return run;
}

/**
 * While a poll is open, ballots arrive in bursts (hundreds within seconds). Screens need the
 * count, not every step of it: the count is projected at most once per interval per session,
 * always from the database, so the last projection after the burst shows the exact number.
 */
export const PROJECTION_INTERVAL_MS = 100;
const pending = new Map<string, Promise<void>>();

export function scheduleProjection(data: Data, sessionId: string): Promise<void> {
	const scheduled = pending.get(sessionId);
	if (scheduled) return scheduled;
	const run = new Promise<void>((resolve) => setTimeout(resolve, PROJECTION_INTERVAL_MS))
		.then(() => {
			pending.delete(sessionId);
			return projectPollOn(data, sessionId);
		})
		// The vote is counted either way; a screen that missed this count gets the next one.
		.catch((error) => console.error('poll projection failed', error));
	pending.set(sessionId, run);
	return run;
}
