import { eq, sql } from 'drizzle-orm';
import { decide } from '../../domain/voting';
import type { Db } from '../db';
import { polls, resolutions } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactAndWait } from '../effects';
import { tallyOf } from '../polls/publicPoll';
import { countSeats } from '../polls/seats';
import { requireOpenPoll, requirePlenarySession } from './support/guards';

export interface PollInput {
	conferenceId: string;
	sessionId: string;
	pollId: string;
	now?: Date;
}

/**
 * Closing a poll decides it: the tally is read under the rules the poll opened with, the seats
 * represented are counted as the room is now, and the result is stored as the session's next
 * resolution, which never changes afterwards.
 */
export async function closePoll(db: Db, actor: Actor, input: PollInput) {
	authorize(actor, 'poll.run', input);
	const session = requirePlenarySession(db, input.conferenceId, input.sessionId);
	const now = input.now ?? new Date();
	const resolution = await transactAndWait(db, (tx, effects) => {
		const poll = requireOpenPoll(tx, session.id, input.pollId);
		const tally = tallyOf(tx, poll.id);
		const seats = countSeats(tx, input.conferenceId, session.id);
		const outcome = decide(poll.kind, tally, seats, { majority: poll.majority, quorumPercent: poll.quorumPercent });
		tx.update(polls).set({ status: 'closed', closedAt: now, closedByPersonId: actor.personId }).where(eq(polls.id, poll.id)).run();
		const number =
			(tx
				.select({ n: sql<number>`max(${resolutions.number})` })
				.from(resolutions)
				.where(eq(resolutions.sessionId, session.id))
				.get()?.n ?? 0) + 1;
		const row = tx
			.insert(resolutions)
			.values({
				sessionId: session.id,
				pollId: poll.id,
				number,
				agendaItemId: poll.agendaItemId,
				itemTitle: poll.itemTitle,
				motion: poll.motion,
				kind: poll.kind,
				secrecy: poll.secrecy,
				outcome,
				tally,
				seats,
				majority: poll.majority,
				quorumPercent: poll.quorumPercent,
				decidedAt: now
			})
			.returning()
			.get();
		recordAudit(tx, actor, {
			action: 'poll.close',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: session.id,
			after: { pollId: poll.id, resolution: number, outcome, tally, seats }
		});
		effects.pollChanged({ sessionId: session.id });
		return row;
	});
	return resolution;
}
