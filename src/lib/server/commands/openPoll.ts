import { plenaryDoc } from '../../collab/docNames';
import { choicesOf, hasQuorum, type PollKind, type PollSecrecy } from '../../domain/voting';
import { readAgenda } from '../../plenary/agenda';
import type { Db } from '../db';
import { polls, pollTallies } from '../db/schema';
import { recordAudit } from '../audit/record';
import { readDocument } from '../collab/readDocument';
import { authorize, type Actor } from '../policies';
import { transactAndWait } from '../effects';
import { findOpenPoll } from '../polls/publicPoll';
import { decisionRulesOf } from '../polls/quorum';
import { countSeats } from '../polls/seats';
import { CommandError } from './support/errors';
import { requirePlenarySession } from './support/guards';

export interface OpenPollInput {
	conferenceId: string;
	sessionId: string;
	agendaItemId: string;
	/** The motion put to the vote; the item's title when left empty. */
	motion: string | null;
	kind: PollKind;
	secrecy: PollSecrecy;
	/**
	 * Those who run the sitting saw that too few seats are represented and open the vote anyway
	 * (it decides nothing unless the room fills before it closes). Without it, such a poll is refused.
	 */
	confirmNotQuorate?: boolean;
	now?: Date;
}

/**
 * Those who run the session open a poll on an agenda item. The conference's majority and
 * quorum rules are copied onto the poll, so a later change of the rules never changes a vote.
 * The room is counted as the poll opens and kept with it; a room without a quorum needs the
 * explicit `confirmNotQuorate` (counted inside the transaction, so nobody's leaving slips past).
 */
export async function openPoll(db: Db, actor: Actor, input: OpenPollInput) {
	authorize(actor, 'poll.run', input);
	const session = requirePlenarySession(db, input.conferenceId, input.sessionId);
	if (input.kind === 'consensus' && input.secrecy !== 'named') throw new CommandError('consensus_is_named', 'secrecy');
	// The agenda lives in the live document: an item added a moment ago can be voted on.
	const item = readDocument(db, plenaryDoc(session.id), readAgenda).find((i) => i.id === input.agendaItemId);
	if (!item || item.type === 'break') throw new CommandError('agenda_item_unknown', 'agendaItemId');
	const rules = decisionRulesOf(db, input.conferenceId);
	const poll = await transactAndWait(db, (tx, effects) => {
		// One poll at a time; the partial unique index `polls_one_open_per_session` backs this up.
		if (findOpenPoll(tx, session.id)) throw new CommandError('poll_already_open');
		const seats = countSeats(tx, input.conferenceId, session.id);
		const quorate = hasQuorum(seats, rules.quorumPercent);
		if (!quorate && !input.confirmNotQuorate) throw new CommandError('not_quorate', 'confirmNotQuorate');
		const row = tx
			.insert(polls)
			.values({
				sessionId: session.id,
				agendaItemId: item.id,
				itemTitle: item.title,
				motion: input.motion?.trim() || item.title,
				kind: input.kind,
				secrecy: input.secrecy,
				majority: rules.majority,
				quorumPercent: rules.quorumPercent,
				openedAt: input.now ?? new Date(),
				openedByPersonId: actor.personId,
				seatsAtOpen: seats
			})
			.returning()
			.get();
		tx.insert(pollTallies)
			.values(choicesOf(input.kind).map((choice) => ({ pollId: row.id, choice, count: 0 })))
			.run();
		recordAudit(tx, actor, {
			action: 'poll.open',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: session.id,
			after: {
				pollId: row.id,
				motion: row.motion,
				kind: row.kind,
				secrecy: row.secrecy,
				majority: row.majority,
				quorumPercent: row.quorumPercent,
				seats,
				quorate,
				...(quorate ? {} : { confirmedNotQuorate: true })
			}
		});
		effects.pollChanged({ sessionId: session.id });
		return row;
	});
	return poll;
}
