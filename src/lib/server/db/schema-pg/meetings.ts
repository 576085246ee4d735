import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamp } from './columns';
import { workingGroups } from './conferences';
import { people } from './people';

/**
 * A meeting of a working group: when, where (a room, a video call, or both), its agenda points,
 * and who moderates and takes the minutes this time (the seed papers rotate both per meeting).
 */
export const groupMeetings = pgTable(
	'group_meetings',
	{
		id: id(),
		groupId: text('group_id')
			.notNull()
			.references(() => workingGroups.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		startsAt: timestamp('starts_at').notNull(),
		durationMinutes: integer('duration_minutes').notNull(),
		place: text('place'),
		videoUrl: text('video_url'),
		/** The agenda points, in order. */
		agenda: jsonb('agenda').$type<string[]>().notNull(),
		moderatorPersonId: text('moderator_person_id').references(() => people.id, { onDelete: 'set null' }),
		minuteTakerPersonId: text('minute_taker_person_id').references(() => people.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at')
	},
	(t) => [
		index('group_meetings_group_idx').on(t.groupId, t.startsAt),
		check('group_meetings_somewhere', sql`${t.place} IS NOT NULL OR ${t.videoUrl} IS NOT NULL`),
		check('group_meetings_duration', sql`${t.durationMinutes} BETWEEN 15 AND 600`)
	]
);

/**
 * Who was at a meeting, recorded by those who keep the list (minute-taker, coordination, office).
 * Like plenary attendance, allowances are paid on it: one row per person and meeting.
 */
export const meetingAttendance = pgTable(
	'meeting_attendance',
	{
		id: id(),
		meetingId: text('meeting_id')
			.notNull()
			.references(() => groupMeetings.id, { onDelete: 'cascade' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		recordedAt: timestamp('recorded_at').notNull(),
		recordedByPersonId: text('recorded_by_person_id').references(() => people.id, { onDelete: 'set null' })
	},
	(t) => [uniqueIndex('meeting_attendance_meeting_person').on(t.meetingId, t.personId)]
);
