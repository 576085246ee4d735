import { eq, gt, or } from 'drizzle-orm';
import type { Data } from '../db/client';
import { projectPollOn } from './projectPoll';
import { BrokenDocument } from '../collab/brokenDocuments';

/** Closed this recently, a poll may still be on the screens of its session. */
const RECENT_MS = 24 * 60 * 60 * 1000;

/**
 * At start-up: the polls of the live documents as the database has them. A ballot is committed first
 * and projected up to 100 ms later (`scheduleProjection`), a close or cancel is projected right
 * after its commit: a crash in between leaves every screen behind SQLite (after a kill -9 during
 * a secret vote, screens showed 179 ballots while SQLite held 200) until the next projection,
 * which may never come. So every session with an open poll, or one that closed within the last
 * day, is projected again. A document that already shows it is not changed.
 * One session's failure does not stop the others, nor the start: a document that cannot be
 * opened is broken (counted and logged once where it failed, see collab/brokenDocuments.ts), and
 * its screens stay closed until it is repaired; any other failure is logged with the session.
 * Returns how many sessions were projected.
 */
export async function reprojectPollsOn(data: Data, now = new Date()): Promise<number> {
	const { polls } = data.t;
	const sessions = await data.q
		.selectDistinct({ sessionId: polls.sessionId })
		.from(polls)
		.where(or(eq(polls.status, 'open'), gt(polls.closedAt, new Date(now.getTime() - RECENT_MS))));
	let projected = 0;
	for (const { sessionId } of sessions) {
		try {
			await projectPollOn(data, sessionId);
			projected++;
		} catch (error) {
			if (!(error instanceof BrokenDocument)) console.error(`Re-projecting the poll of session ${sessionId} failed:`, error);
		}
	}
	return projected;
}
