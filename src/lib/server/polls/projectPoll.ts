import type { Db } from '../db';
import { plenaryDoc } from '../../collab/docNames';
import { clearPoll, writePoll } from '../../plenary/poll';
import { changeDocument } from '../collab/changeDocument';
import { latestPoll, publicPoll } from './publicPoll';

/**
 * Shows a session's latest poll on every screen: reads it from SQLite, where the votes are,
 * and writes its public face into the session's live document.
 */
export async function projectPoll(db: Db, sessionId: string): Promise<void> {
	const poll = latestPoll(db, sessionId);
	const view = poll ? publicPoll(db, poll.id) : null;
	await changeDocument(db, plenaryDoc(sessionId), (doc) => (view ? writePoll(doc, view) : clearPoll(doc)));
}

/**
 * While a poll is open, ballots arrive in bursts (hundreds within seconds). Screens need the
 * count, not every step of it: the count is projected at most once per interval per session,
 * always from SQLite, so the last projection after the burst shows the exact number.
 */
export const PROJECTION_INTERVAL_MS = 100;
const pending = new Map<string, Promise<void>>();

export function scheduleProjection(db: Db, sessionId: string): Promise<void> {
	const scheduled = pending.get(sessionId);
	if (scheduled) return scheduled;
	const run = new Promise<void>((resolve) => setTimeout(resolve, PROJECTION_INTERVAL_MS))
		.then(() => {
			pending.delete(sessionId);
			return projectPoll(db, sessionId);
		})
		// The vote is counted either way; a screen that missed this count gets the next one.
		.catch((error) => console.error('poll projection failed', error));
	pending.set(sessionId, run);
	return run;
}
