import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { CHECK_IN_METHODS } from '../../../domain/checkIn';
import { createdAt, id, timestamp } from './columns';
import { conferences } from './conferences';
import { people } from './people';

/**
 * A sitting of the plenary: when and where, and the short code members type (or scan as a QR
 * code) to check in. The agenda and the live state of a running session are the Yjs document
 * `plenary:<id>`; what must be counted (attendance, votes) lives here in the database.
 */
export const plenarySessions = pgTable(
	'plenary_sessions',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		startsAt: timestamp('starts_at').notNull(),
		place: text('place').notNull(),
		videoUrl: text('video_url'),
		checkInCode: text('check_in_code').notNull(),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at')
	},
	(t) => [uniqueIndex('plenary_sessions_check_in_code').on(t.checkInCode), index('plenary_sessions_conference_idx').on(t.conferenceId, t.startsAt)]
);

/**
 * Who was present at a session, since when and how it was recorded. Allowances are paid on
 * this, so a row is written once per person and session and never silently replaced.
 */
export const attendance = pgTable(
	'attendance',
	{
		id: id(),
		sessionId: text('session_id')
			.notNull()
			.references(() => plenarySessions.id, { onDelete: 'cascade' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		checkedInAt: timestamp('checked_in_at').notNull(),
		method: text('method', { enum: CHECK_IN_METHODS }).notNull(),
		/** Who marked the person present, when it was not the person themselves. */
		recordedByPersonId: text('recorded_by_person_id').references(() => people.id, { onDelete: 'set null' })
	},
	(t) => [
		uniqueIndex('attendance_session_person').on(t.sessionId, t.personId),
		check('attendance_only_office_has_recorder', sql`${t.method} = 'office' OR ${t.recordedByPersonId} IS NULL`)
	]
);
