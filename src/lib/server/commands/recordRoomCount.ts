import { and, eq } from 'drizzle-orm';
import { ballotsCast, choicesOf, countsFitRoom, ROOM_COUNT_MAX, type Choice, type Tally } from '../../domain/voting';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOnAndWait } from '../effects/transactOn';
import { ballotCountOn, roomTallyOn } from '../polls/publicPoll';
import { countSeatsOn } from '../polls/seats';
import { CommandError } from './support/errors';
import { holdOpenPoll, requirePlenarySessionOn } from './support/guards';

export interface RecordRoomCountInput {
	conferenceId: string;
	sessionId: string;
	pollId: string;
	/** What was counted in the room per choice; a choice left out counts 0. Replaces the earlier count. */
	counts: Partial<Record<Choice, number>>;
	now?: Date;
}

/**
 * Those who run the session enter what they counted in the room: the hands of people without a
 * device, or the whole vote by show of hands or on paper. The numbers replace the earlier room
 * count (a recount corrects it) and are added to the ballots when the poll closes. Ballots on
 * devices and the room count together can never be more than the seats represented: refused
 * here, and checked again at the close, since ballots keep arriving while hands are counted.
 * Audited with the count before and after: a number typed by a person is a record to keep.
 */
export async function recordRoomCount(data: Data, actor: Actor, input: RecordRoomCountInput) {
	authorize(actor, 'poll.countRoom', input);
	const session = await requirePlenarySessionOn(data, input.conferenceId, input.sessionId);
	const { pollTallies } = data.t;
	return transactOnAndWait(data, async (tx, effects) => {
		// Held first, as the close holds it: the ballots the check below counts are all that committed,
		// and none is added until this count is in.
		const poll = await holdOpenPoll(data, tx, session.id, input.pollId);
		const choices = choicesOf(poll.kind);
		const counts: Tally = {};
		for (const [choice, n] of Object.entries(input.counts) as [Choice, number][]) {
			// A form may send every choice's field; only a count for another kind of poll is wrong.
			if (!choices.includes(choice) && n !== 0) throw new CommandError('choice_not_in_poll', choice);
			if (!Number.isInteger(n) || n < 0 || n > ROOM_COUNT_MAX) throw new CommandError('room_count_invalid', choice);
		}
		for (const choice of choices) counts[choice] = input.counts[choice] ?? 0;
		const seats = await countSeatsOn(data, input.conferenceId, session.id, tx);
		const ballots = await ballotCountOn(data, poll.id, tx);
		const before = await roomTallyOn(data, poll.id, tx);
		// A recount that lowers the room's part is always taken: when people left after voting on
		// their devices, lowering it is the way back under the seats present, and closing checks again.
		const lowers = ballotsCast(counts) <= ballotsCast(before);
		if (!lowers && !countsFitRoom(ballots, ballotsCast(counts), seats.present)) throw new CommandError('room_count_exceeds_seats');
		for (const choice of choices) {
			await tx
				.update(pollTallies)
				.set({ roomCount: counts[choice] ?? 0 })
				.where(and(eq(pollTallies.pollId, poll.id), eq(pollTallies.choice, choice)));
		}
		await recordAuditIn(data, tx, actor, {
			action: 'poll.countRoom',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: session.id,
			before: { pollId: poll.id, room: before },
			after: { pollId: poll.id, room: counts, ballots, seatsPresent: seats.present }
		});
		effects.pollChanged({ sessionId: session.id });
		return { room: counts, ballots, seatsPresent: seats.present };
	});
}
