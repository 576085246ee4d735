import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, timestamp } from './columns';
import { groupMeetings } from './meetings';
import { people } from './people';
import { MINUTES_STATUSES, VERSION_REASONS } from '../../../minutes/lifecycle';

/**
 * Where the minutes of a meeting stand. The text itself lives in the shared document
 * `minutes:<meetingId>`; no row means a draft nobody has circulated yet.
 * draft → circulated (for corrections) → approved by the coordination, which locks them.
 */
export const meetingMinutes = pgTable(
	'meeting_minutes',
	{
		meetingId: text('meeting_id')
			.primaryKey()
			.references(() => groupMeetings.id, { onDelete: 'cascade' }),
		status: text('status', { enum: MINUTES_STATUSES }).notNull(),
		circulatedAt: timestamp('circulated_at'),
		/** The end of the last day corrections are asked for, when whoever circulated set one. */
		correctionsUntil: timestamp('corrections_until'),
		approvedAt: timestamp('approved_at'),
		approvedByPersonId: text('approved_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at').notNull()
	},
	(t) => [check('meeting_minutes_approved', sql`${t.status} <> 'approved' OR ${t.approvedAt} IS NOT NULL`)]
);

/**
 * Versions of the minutes: one at every status change and whenever someone saves one. Each
 * keeps the text as HTML (what people read; for approved minutes, the record) and as lines (what
 * versions are compared on), and the document itself (what a restore brings back). A version
 * never changes once written (a trigger refuses updates).
 */
export const minutesVersions = pgTable(
	'minutes_versions',
	{
		id: id(),
		meetingId: text('meeting_id')
			.notNull()
			.references(() => groupMeetings.id, { onDelete: 'cascade' }),
		/** 1, 2, 3 … per meeting. */
		number: integer('number').notNull(),
		reason: text('reason', { enum: VERSION_REASONS }).notNull(),
		/** The status the minutes had once this version was taken. */
		status: text('status', { enum: MINUTES_STATUSES }).notNull(),
		html: text('html').notNull(),
		lines: jsonb('lines').$type<string[]>().notNull(),
		state: bytea('state').notNull(),
		/** For "restored": the version it brought back. */
		restoredFromNumber: integer('restored_from_number'),
		createdAt: createdAt(),
		createdByPersonId: text('created_by_person_id').references(() => people.id, { onDelete: 'set null' })
	},
	(t) => [uniqueIndex('minutes_versions_meeting_number').on(t.meetingId, t.number)]
);
