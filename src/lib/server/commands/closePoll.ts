import { eq, sql } from 'drizzle-orm';
import { addTallies, ballotsCast, countsFitRoom, decide } from '../../domain/voting';
import { first, type Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOnAndWait } from '../effects/transactOn';
import { ballotCountOn, roomTallyOn, tallyOn } from '../polls/publicPoll';
import { countSeatsOn } from '../polls/seats';
import { CommandError } from './support/errors';
import { holdOpenPoll, requirePlenarySessionOn } from './support/guards';

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
export async function closePoll(data: Data, actor: Actor, input: PollInput) {
	authorize(actor, 'poll.run', input);
	const session = await requirePlenarySessionOn(data, input.conferenceId, input.sessionId);
	const now = input.now ?? new Date();
	const { polls, resolutions } = data.t;
	return transactOnAndWait(data, async (tx, effects) => {
		// Held first: the votes under way commit before the tally is read, later ones find the poll closed.
		const poll = await holdOpenPoll(data, tx, session.id, input.pollId);
		const room = await roomTallyOn(data, poll.id, tx);
		const tally = addTallies(await tallyOn(data, poll.id, tx), room);
		const seats = await countSeatsOn(data, input.conferenceId, session.id, tx);
		// Without a room count, ballots are never refused: each had its seat when it was cast.
		const roomCounted = ballotsCast(room);
		if (roomCounted > 0 && !countsFitRoom(await ballotCountOn(data, poll.id, tx), roomCounted, seats.present)) throw new CommandError('votes_exceed_seats');
		const outcome = decide(poll.kind, tally, seats, { majority: poll.majority, quorumPercent: poll.quorumPercent });
		await tx.update(polls).set({ status: 'closed', closedAt: now, closedByPersonId: actor.personId }).where(eq(polls.id, poll.id));
		// The next number of the session: its one open poll is this one, held, so no other close
		// counts at the same time (`resolutions_session_number` backs it).
		const last = first(
			await tx
				.select({ n: sql<number | string | null>`max(${resolutions.number})` })
				.from(resolutions)
				.where(eq(resolutions.sessionId, session.id))
		);
		const number = Number(last?.n ?? 0) + 1;
		const [row] = await tx
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
			.returning();
		await recordAuditIn(data, tx, actor, {
			action: 'poll.close',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: session.id,
			after: { pollId: poll.id, resolution: number, outcome, tally, room, seats, seatsAtOpen: poll.seatsAtOpen }
		});
		effects.pollChanged({ sessionId: session.id });
		return row;
	});
}
