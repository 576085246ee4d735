import { eq } from 'drizzle-orm';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOnAndWait } from '../effects/transactOn';
import type { PollInput } from './closePoll';
import { holdOpenPoll, requirePlenarySessionOn } from './support/guards';

/**
 * A poll opened by mistake (wrong item, wrong wording) is cancelled: it decides nothing and
 * leaves no resolution; the ballots already cast stay on record with it.
 */
export async function cancelPoll(data: Data, actor: Actor, input: PollInput) {
	authorize(actor, 'poll.run', input);
	const session = await requirePlenarySessionOn(data, input.conferenceId, input.sessionId);
	const { polls } = data.t;
	await transactOnAndWait(data, async (tx, effects) => {
		// Held as a close holds it: a cancel and a close at once must not both pass as open, or the
		// cancel would be written over a poll that has its resolution.
		const poll = await holdOpenPoll(data, tx, session.id, input.pollId);
		await tx
			.update(polls)
			.set({ status: 'cancelled', closedAt: input.now ?? new Date(), closedByPersonId: actor.personId })
			.where(eq(polls.id, poll.id));
		await recordAuditIn(data, tx, actor, {
			action: 'poll.cancel',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: session.id,
			after: { pollId: poll.id }
		});
		effects.pollChanged({ sessionId: session.id });
	});
}
