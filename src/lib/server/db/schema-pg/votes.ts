import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { CHOICES, MAJORITY_RULES, OUTCOMES, POLL_KINDS, POLL_SECRECY, POLL_STATUSES, type Seats, type Tally } from '../../../domain/voting';
import { createdAt, id, timestamp } from './columns';
import { people } from './people';
import { plenarySessions } from './plenary';

/**
 * A poll on an agenda item of a session. Votes are decisions of the conference, so they live
 * here and never in the live document; the document only shows the public count and result.
 * At most one poll of a session is open at a time.
 */
export const polls = pgTable(
	'polls',
	{
		id: id(),
		sessionId: text('session_id')
			.notNull()
			.references(() => plenarySessions.id, { onDelete: 'cascade' }),
		/** The agenda item in `plenary:<sessionId>` (items live in the document, so no foreign key). */
		agendaItemId: text('agenda_item_id').notNull(),
		/** The item's title when the poll opened, and the motion put to the vote. */
		itemTitle: text('item_title').notNull(),
		motion: text('motion').notNull(),
		kind: text('kind', { enum: POLL_KINDS }).notNull(),
		secrecy: text('secrecy', { enum: POLL_SECRECY }).notNull(),
		status: text('status', { enum: POLL_STATUSES }).notNull().default('open'),
		/** The conference's rules when the poll opened: changing them later does not change a vote. */
		majority: text('majority', { enum: MAJORITY_RULES }).notNull(),
		quorumPercent: integer('quorum_percent').notNull(),
		openedAt: timestamp('opened_at').notNull(),
		openedByPersonId: text('opened_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		closedAt: timestamp('closed_at'),
		closedByPersonId: text('closed_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		/**
		 * The room when the poll opened (seats represented of all voting seats): whether the sitting
		 * was quorate then is part of the record. Null for polls opened before it was kept.
		 */
		seatsAtOpen: jsonb('seats_at_open').$type<Seats>()
	},
	(t) => [
		index('polls_session_idx').on(t.sessionId, t.openedAt),
		uniqueIndex('polls_one_open_per_session')
			.on(t.sessionId)
			.where(sql`${t.status} = 'open'`),
		check('polls_consensus_is_named', sql`${t.kind} = 'vote' OR ${t.secrecy} = 'named'`),
		check('polls_quorum_percent', sql`${t.quorumPercent} BETWEEN 0 AND 100`)
	]
);

/**
 * Who voted: one row per seat and poll, which is what makes one vote per person (and per seat,
 * when a deputy votes for an absent member) hold in the database itself. The choice is kept
 * here only in named polls; in secret polls it goes to `poll_tallies` alone.
 */
export const pollBallots = pgTable(
	'poll_ballots',
	{
		id: id(),
		pollId: text('poll_id')
			.notNull()
			.references(() => polls.id, { onDelete: 'cascade' }),
		/** The voting member whose seat this vote is: the voter, or the member a deputy stands in for. */
		seatPersonId: text('seat_person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		voterPersonId: text('voter_person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		choice: text('choice', { enum: CHOICES }),
		/** Concerns or an objection in a consensus round, in the member's words. */
		statement: text('statement'),
		castAt: timestamp('cast_at').notNull()
	},
	(t) => [
		uniqueIndex('poll_ballots_one_per_seat').on(t.pollId, t.seatPersonId),
		uniqueIndex('poll_ballots_one_per_voter').on(t.pollId, t.voterPersonId),
		check('poll_ballots_statement_only_with_choice', sql`${t.statement} IS NULL OR ${t.choice} IS NOT NULL`)
	]
);

/**
 * What was voted, as counts per choice: the only record of a secret poll's choices. `count` is
 * the ballots cast on devices (it always equals the rows in `poll_ballots`); `roomCount` is what
 * those who run the session counted in the room, by show of hands or on paper, for people
 * without a device. The result is their sum.
 */
export const pollTallies = pgTable(
	'poll_tallies',
	{
		pollId: text('poll_id')
			.notNull()
			.references(() => polls.id, { onDelete: 'cascade' }),
		choice: text('choice', { enum: CHOICES }).notNull(),
		count: integer('count').notNull().default(0),
		roomCount: integer('room_count').notNull().default(0)
	},
	(t) => [uniqueIndex('poll_tallies_poll_choice').on(t.pollId, t.choice)]
);

/**
 * What the plenary decided: written once when a poll closes and never changed. Numbered per
 * session in the order they were taken. The recommendations issue links adoptions to these.
 */
export const resolutions = pgTable(
	'resolutions',
	{
		id: id(),
		sessionId: text('session_id')
			.notNull()
			.references(() => plenarySessions.id, { onDelete: 'cascade' }),
		pollId: text('poll_id')
			.notNull()
			.references(() => polls.id, { onDelete: 'cascade' }),
		number: integer('number').notNull(),
		agendaItemId: text('agenda_item_id').notNull(),
		itemTitle: text('item_title').notNull(),
		motion: text('motion').notNull(),
		kind: text('kind', { enum: POLL_KINDS }).notNull(),
		secrecy: text('secrecy', { enum: POLL_SECRECY }).notNull(),
		outcome: text('outcome', { enum: OUTCOMES }).notNull(),
		/** Every vote counted: ballots on devices and counts in the room. */
		tally: jsonb('tally').$type<Tally>().notNull(),
		/** The part of `tally` counted in the room (hands, paper); null before room counts existed. */
		roomTally: jsonb('room_tally').$type<Tally>(),
		/** The room when the poll closed. */
		seats: jsonb('seats').$type<Seats>().notNull(),
		/** The room when the poll opened; null for polls opened before it was kept. */
		seatsAtOpen: jsonb('seats_at_open').$type<Seats>(),
		majority: text('majority', { enum: MAJORITY_RULES }).notNull(),
		quorumPercent: integer('quorum_percent').notNull(),
		decidedAt: timestamp('decided_at').notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('resolutions_poll').on(t.pollId), uniqueIndex('resolutions_session_number').on(t.sessionId, t.number)]
);
