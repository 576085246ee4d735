import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { polls } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactAndWait } from '../effects';
import type { PollInput } from './closePoll';
import { requireOpenPoll, requirePlenarySession } from './support/guards';

/**
 * A poll opened by mistake (wrong item, wrong wording) is cancelled: it decides nothing and
 * leaves no resolution; the ballots already cast stay on record with it.
 */
export async function cancelPoll(db: Db, actor: Actor, input: PollInput) {
	authorize(actor, 'poll.run', input);
	const session = requirePlenarySession(db, input.conferenceId, input.sessionId);
	await transactAndWait(db, (tx, effects) => {
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
		effects.pollChanged({ sessionId: session.id });
	});
}
