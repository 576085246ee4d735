import { eq, sql } from 'drizzle-orm';
import { addTallies, ballotsCast, countsFitRoom, decide } from '../../domain/voting';
import type { Db } from '../db';
import { polls, resolutions } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactAndWait } from '../effects';
import { ballotCount, roomTallyOf, tallyOf } from '../polls/publicPoll';
import { countSeats } from '../polls/seats';
import { CommandError } from './support/errors';
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
 * resolution, which never changes afterwards. The tally is the ballots on devices plus what was
 * counted in the room; if together they are more than the seats in the room now (ballots came
 * in, or people left, after the room was counted), nothing is decided until the room count is
 * corrected. The resolution keeps the room as it was at the opening and at the close.
 */
export async function closePoll(db: Db, actor: Actor, input: PollInput) {
	authorize(actor, 'poll.run', input);
	const session = requirePlenarySession(db, input.conferenceId, input.sessionId);
	const now = input.now ?? new Date();
	const resolution = await transactAndWait(db, (tx, effects) => {
		const poll = requireOpenPoll(tx, session.id, input.pollId);
		const room = roomTallyOf(tx, poll.id);
		const tally = addTallies(tallyOf(tx, poll.id), room);
		const seats = countSeats(tx, input.conferenceId, session.id);
		// Without a room count, ballots are never refused: each had its seat when it was cast.
		const roomCounted = ballotsCast(room);
		if (roomCounted > 0 && !countsFitRoom(ballotCount(tx, poll.id), roomCounted, seats.present)) throw new CommandError('votes_exceed_seats');
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
				roomTally: room,
				seats,
				seatsAtOpen: poll.seatsAtOpen,
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
			after: { pollId: poll.id, resolution: number, outcome, tally, room, seats, seatsAtOpen: poll.seatsAtOpen }
		});
		effects.pollChanged({ sessionId: session.id });
		return row;
	});
	return resolution;
}
