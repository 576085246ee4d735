import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { polls } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { projectPoll } from '../polls/projectPoll';
import { requireOpenPoll, type PollInput } from './closePoll';
import { requirePlenarySession } from './guards';

/**
 * A poll opened by mistake (wrong item, wrong wording) is cancelled: it decides nothing and
 * leaves no resolution; the ballots already cast stay on record with it.
 */
export async function cancelPoll(db: Db, actor: Actor, input: PollInput) {
	authorize(actor, 'poll.run', input);
	const session = requirePlenarySession(db, input.conferenceId, input.sessionId);
	db.transaction((tx) => {
		const poll = requireOpenPoll(tx, session.id, input.pollId);
		tx.update(polls)
			.set({ status: 'cancelled', closedAt: input.now ?? new Date(), closedByPersonId: actor.personId })
			.where(eq(polls.id, poll.id))
			.run();
		recordAudit(tx, actor, {
			action: 'poll.cancel',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: session.id,
			after: { pollId: poll.id }
		});
	});
	await projectPoll(db, session.id);
}
