import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, timestamp } from './columns';
import { people } from './people';
import { plenarySessions } from './plenary';
import { MINUTES_STATUSES, VERSION_REASONS } from '../../../minutes/lifecycle';

/**
 * The minutes of a plenary sitting: who the office named to take them, and where they stand.
 * The text lives in the shared document `sittingminutes:<sessionId>`; no row means a draft with
 * nobody named yet. draft → circulated (for corrections, until `corrections_until` if set) →
 * approved by the office or a moderator, which locks them.
 */
export const sittingMinutes = pgTable(
	'sitting_minutes',
	{
		sessionId: text('session_id')
			.primaryKey()
			.references(() => plenarySessions.id, { onDelete: 'cascade' }),
		status: text('status', { enum: MINUTES_STATUSES }).notNull().default('draft'),
		/** The minute-taker the office named for this sitting: writes and circulates the minutes. */
		minuteTakerPersonId: text('minute_taker_person_id').references(() => people.id, { onDelete: 'set null' }),
		/** The end of the last day corrections are asked for, set when the minutes are circulated. */
		correctionsUntil: timestamp('corrections_until'),
		circulatedAt: timestamp('circulated_at'),
		approvedAt: timestamp('approved_at'),
		approvedByPersonId: text('approved_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at').notNull()
	},
	(t) => [check('sitting_minutes_approved', sql`${t.status} <> 'approved' OR ${t.approvedAt} IS NOT NULL`)]
);

/**
 * Versions of a sitting's minutes, as `minutes_versions` keeps them for meetings: one at every
 * status change and whenever someone saves one; the HTML includes the sitting's resolutions as
 * they were stored when the version was taken. Never changed once written (a trigger).
 */
export const sittingMinutesVersions = pgTable(
	'sitting_minutes_versions',
	{
		id: id(),
		sessionId: text('session_id')
			.notNull()
			.references(() => plenarySessions.id, { onDelete: 'cascade' }),
		number: integer('number').notNull(),
		reason: text('reason', { enum: VERSION_REASONS }).notNull(),
		status: text('status', { enum: MINUTES_STATUSES }).notNull(),
		html: text('html').notNull(),
		lines: jsonb('lines').$type<string[]>().notNull(),
		state: bytea('state').notNull(),
		createdAt: createdAt(),
		createdByPersonId: text('created_by_person_id').references(() => people.id, { onDelete: 'set null' })
	},
	(t) => [uniqueIndex('sitting_minutes_versions_session_number').on(t.sessionId, t.number)]
);
