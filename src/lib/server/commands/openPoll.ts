import { plenaryDoc } from '../../collab/docNames';
import { choicesOf, hasQuorum, type PollKind, type PollSecrecy } from '../../domain/voting';
import { readAgenda } from '../../plenary/agenda';
import type { Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { violatesUniqueIndex } from '../db/uniqueViolation';
import { recordAuditIn } from '../audit/record';
import { readDocumentOn } from '../collab/readDocument';
import { authorize, type Actor } from '../policies';
import { transactOnAndWait } from '../effects/transactOn';
import { findOpenPollOn } from '../polls/publicPoll';
import { decisionRulesOn } from '../polls/quorum';
import { countSeatsOn } from '../polls/seats';
import { CommandError } from './support/errors';
import { requirePlenarySessionOn } from './support/guards';

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
export async function openPoll(data: Data, actor: Actor, input: OpenPollInput) {
	authorize(actor, 'poll.run', input);
	const session = await requirePlenarySessionOn(data, input.conferenceId, input.sessionId);
	if (input.kind === 'consensus' && input.secrecy !== 'named') throw new CommandError('consensus_is_named', 'secrecy');
	// The agenda lives in the live document: an item added a moment ago can be voted on. Read
	// before the transaction, which awaits nothing but its own statements.
	const item = (await readDocumentOn(data, plenaryDoc(session.id), readAgenda)).find((i) => i.id === input.agendaItemId);
	if (!item || item.type === 'break') throw new CommandError('agenda_item_unknown', 'agendaItemId');
	const rules = await decisionRulesOn(data, input.conferenceId);
	const { plenarySessions, polls, pollTallies } = data.t;
	return transactOnAndWait(data, async (tx, effects) => {
		// The session's row, held until the commit on PostgreSQL (README, "Rules that span rows"): two
		// opens of one session take turns, the second reads the first's poll. The sitting minutes are
		// not circulated while a poll is open; circulating takes the same row when it moves onto the data
		// layer (changeSittingMinutesStatus runs on SQLite only so far, where the write lock does it).
		await lockForUpdate(data, tx, plenarySessions, session.id);
		// One poll at a time; the partial unique index `polls_one_open_per_session` backs this up.
		if (await findOpenPollOn(data, session.id, tx)) throw new CommandError('poll_already_open');
		const seats = await countSeatsOn(data, input.conferenceId, session.id, tx);
		const quorate = hasQuorum(seats, rules.quorumPercent);
		if (!quorate && !input.confirmNotQuorate) throw new CommandError('not_quorate', 'confirmNotQuorate');
		const [row] = await tx
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
			.catch((error: unknown) => {
				// Should a writer ever open one without holding the session's row, the index refuses
				// the second poll as the check above does.
				if (violatesUniqueIndex(error, { name: 'polls_one_open_per_session', columns: [polls.sessionId] })) throw new CommandError('poll_already_open');
				throw error;
			});
		await tx.insert(pollTallies).values(choicesOf(input.kind).map((choice) => ({ pollId: row.id, choice, count: 0 })));
		await recordAuditIn(data, tx, actor, {
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
}
