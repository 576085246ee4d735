import { sql } from 'drizzle-orm';
import { blob, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
	AGE_BANDS,
	EXPERIENCE_ANSWERS,
	GENDERS,
	INVITATION_CHANNELS,
	INVITATION_TARGETS,
	RSVP_ANSWERS,
	RSVP_PLACES,
	SUPPORT_NEEDS
} from '../../../domain/members';
import { createdAt, id, timestamp } from './columns';
import { conferences, workingGroups } from './conferences';
import { groupMeetings } from './meetings';
import { people } from './people';
import { plenarySessions } from './plenary';

/**
 * The seats of a conference by sector (insurers, physicians, …): a list the office keeps per
 * conference, each with the number of plenary seats it should have. The composition view sets
 * these targets against who actually holds a seat.
 */
export const conferenceSectors = sqliteTable(
	'conference_sectors',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		/** Seats this sector should hold in the plenary. */
		targetSeats: integer('target_seats').notNull().default(0),
		position: integer('position').notNull().default(0),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('conference_sectors_name').on(t.conferenceId, t.name), check('conference_sectors_target', sql`${t.targetSeats} BETWEEN 0 AND 1000`)]
);

/** How many seats of a sector a group should have (absent: no target). */
export const sectorGroupTargets = sqliteTable(
	'sector_group_targets',
	{
		groupId: text('group_id')
			.notNull()
			.references(() => workingGroups.id, { onDelete: 'cascade' }),
		sectorId: text('sector_id')
			.notNull()
			.references(() => conferenceSectors.id, { onDelete: 'cascade' }),
		targetSeats: integer('target_seats').notNull(),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.groupId, t.sectorId] }), check('sector_group_targets_target', sql`${t.targetSeats} BETWEEN 0 AND 1000`)]
);

/**
 * A member's seat: for which sector they sit (their organisation is the person's), and their term.
 * Deputies are memberships with status `deputy` naming whom they stand in for (conference_memberships).
 * `term_reminded_at` is set when the office was reminded that the term ends, so it is reminded once.
 */
export const memberSeats = sqliteTable(
	'member_seats',
	{
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		sectorId: text('sector_id').references(() => conferenceSectors.id, { onDelete: 'set null' }),
		appointedFrom: timestamp('appointed_from'),
		appointedUntil: timestamp('appointed_until'),
		termRemindedAt: timestamp('term_reminded_at'),
		updatedAt: timestamp('updated_at')
	},
	(t) => [
		primaryKey({ columns: [t.conferenceId, t.personId] }),
		index('member_seats_sector_idx').on(t.conferenceId, t.sectorId),
		index('member_seats_term_idx').on(t.conferenceId, t.appointedUntil),
		check('member_seats_term_order', sql`${t.appointedFrom} IS NULL OR ${t.appointedUntil} IS NULL OR ${t.appointedFrom} <= ${t.appointedUntil}`)
	]
);

/**
 * A voluntary self-description (Art. 9 DSGVO where it speaks of disability, illness or psychiatric
 * experience): given with recorded consent, to one conference, erasable at any time; every answer
 * may be `no_answer`. Read one by one only by the person and the office (like support needs); the
 * diversity view shows aggregates with small counts suppressed, never who said what.
 */
export const diversityProfiles = sqliteTable(
	'diversity_profiles',
	{
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		ageBand: text('age_band', { enum: AGE_BANDS }).notNull().default('no_answer'),
		gender: text('gender', { enum: GENDERS }).notNull().default('no_answer'),
		disability: text('disability', { enum: EXPERIENCE_ANSWERS }).notNull().default('no_answer'),
		chronicIllness: text('chronic_illness', { enum: EXPERIENCE_ANSWERS }).notNull().default('no_answer'),
		psychiatric: text('psychiatric', { enum: EXPERIENCE_ANSWERS }).notNull().default('no_answer'),
		migration: text('migration', { enum: EXPERIENCE_ANSWERS }).notNull().default('no_answer'),
		caringRelative: text('caring_relative', { enum: EXPERIENCE_ANSWERS }).notNull().default('no_answer'),
		consentRecordedAt: timestamp('consent_recorded_at').notNull(),
		/** Who recorded the consent: the person themselves, or the office from a paper form. */
		consentRecordedBy: text('consent_recorded_by').references(() => people.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at')
	},
	(t) => [primaryKey({ columns: [t.conferenceId, t.personId] })]
);

/** The signature printed under invitation letters (PNG or JPEG, bytes read like the logo's). */
export const conferenceSignatures = sqliteTable('conference_signatures', {
	conferenceId: text('conference_id')
		.primaryKey()
		.references(() => conferences.id, { onDelete: 'cascade' }),
	contentType: text('content_type', { enum: ['image/png', 'image/jpeg'] }).notNull(),
	bytes: blob('bytes', { mode: 'buffer' }).notNull(),
	size: integer('size').notNull(),
	version: text('version').notNull(),
	updatedAt: timestamp('updated_at').notNull()
});

/**
 * An invitation round for one date: a plenary sitting or a group meeting. The letter (standard and
 * Leichte Sprache) is signed in the name set in the conference's settings; `capacity` (seats in the
 * room) turns late "yes" answers into a waiting list; answers may change until `answer_until`;
 * those who have not answered are reminded `remind_days_before` days before the date.
 */
export const invitationCampaigns = sqliteTable(
	'invitation_campaigns',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		target: text('target', { enum: INVITATION_TARGETS }).notNull(),
		sessionId: text('session_id').references(() => plenarySessions.id, { onDelete: 'cascade' }),
		meetingId: text('meeting_id').references(() => groupMeetings.id, { onDelete: 'cascade' }),
		channel: text('channel', { enum: INVITATION_CHANNELS }).notNull().default('mail'),
		subject: text('subject').notNull(),
		letterStandard: text('letter_standard').notNull(),
		letterEasy: text('letter_easy'),
		capacity: integer('capacity'),
		answerUntil: timestamp('answer_until').notNull(),
		remindDaysBefore: integer('remind_days_before'),
		remindedAt: timestamp('reminded_at'),
		createdByPersonId: text('created_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		/** When the letters were sent (mails enqueued) or released for print: the list is fixed from then. */
		sentAt: timestamp('sent_at')
	},
	(t) => [
		index('invitation_campaigns_conference_idx').on(t.conferenceId, t.createdAt),
		// One round per date: its seats and waiting list are the date's, a second round would give the chairs twice.
		uniqueIndex('invitation_campaigns_one_per_session').on(t.sessionId),
		uniqueIndex('invitation_campaigns_one_per_meeting').on(t.meetingId),
		check(
			'invitation_campaigns_one_date',
			sql`(${t.target} = 'plenary' AND ${t.sessionId} IS NOT NULL AND ${t.meetingId} IS NULL) OR (${t.target} = 'meeting' AND ${t.meetingId} IS NOT NULL AND ${t.sessionId} IS NULL)`
		),
		check('invitation_campaigns_capacity', sql`${t.capacity} IS NULL OR ${t.capacity} BETWEEN 1 AND 100000`),
		check('invitation_campaigns_reminder', sql`${t.remindDaysBefore} IS NULL OR ${t.remindDaysBefore} BETWEEN 1 AND 60`)
	]
);

/**
 * One person's invitation to one date. The personal answer link carries a token derived from the
 * row (HMAC with the server key and `token_version`, as the newsletter's links): nothing secret is
 * stored, and raising the version revokes the link. A "yes" holds a `seat` or stands `waiting`
 * (ordered by `waiting_since`) when the room is full; a "no" frees a seat for the first waiting.
 */
export const invitations = sqliteTable(
	'invitations',
	{
		id: id(),
		campaignId: text('campaign_id')
			.notNull()
			.references(() => invitationCampaigns.id, { onDelete: 'cascade' }),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		tokenVersion: integer('token_version').notNull().default(1),
		answer: text('answer', { enum: RSVP_ANSWERS }),
		place: text('place', { enum: RSVP_PLACES }),
		waitingSince: timestamp('waiting_since'),
		answeredAt: timestamp('answered_at'),
		movedUpAt: timestamp('moved_up_at'),
		remindedAt: timestamp('reminded_at'),
		mailedAt: timestamp('mailed_at'),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('invitations_campaign_person').on(t.campaignId, t.personId),
		index('invitations_person_idx').on(t.personId),
		index('invitations_waiting_idx').on(t.campaignId, t.place, t.waitingSince),
		check('invitations_place_only_for_yes', sql`(${t.answer} = 'yes') = (${t.place} IS NOT NULL)`),
		check('invitations_waiting_since', sql`(${t.place} = 'waiting') = (${t.waitingSince} IS NOT NULL)`)
	]
);

/**
 * What someone needs to take part on this date (Art. 9 DSGVO for most of it): stored with the
 * invitation it was given for, shown to the office only and only for that date, gone with it.
 */
export const invitationNeeds = sqliteTable(
	'invitation_needs',
	{
		invitationId: text('invitation_id')
			.notNull()
			.references(() => invitations.id, { onDelete: 'cascade' }),
		need: text('need', { enum: SUPPORT_NEEDS }).notNull(),
		/** For `dietary` and `other`: what exactly. */
		detail: text('detail')
	},
	(t) => [primaryKey({ columns: [t.invitationId, t.need] })]
);
