import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { EASY_TEXT_KINDS } from '../../../easy/versions';
import { id, timestamp } from './columns';
import { conferences } from './conferences';
import { people } from './people';

/**
 * The Leichte Sprache version of one participant-facing text. Which text it belongs to is
 * (kind, subject id); the text itself lives where its kind keeps it (the database or a document).
 * A version is a draft until a reader of the Prüfgruppe checks it; changing the text makes it
 * a draft again (a trigger refuses a changed text that still claims to be checked).
 */
export const easyTexts = pgTable(
	'easy_texts',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: EASY_TEXT_KINDS }).notNull(),
		subjectId: text('subject_id').notNull(),
		body: text('body').notNull(),
		status: text('status', { enum: ['draft', 'checked'] }).notNull(),
		/** Fingerprint of the standard text the version was written from. */
		sourceFingerprint: text('source_fingerprint').notNull(),
		writtenByPersonId: text('written_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		writtenAt: timestamp('written_at').notNull(),
		checkedByPersonId: text('checked_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		checkedAt: timestamp('checked_at')
	},
	(t) => [
		uniqueIndex('easy_texts_subject').on(t.kind, t.subjectId),
		index('easy_texts_conference_idx').on(t.conferenceId, t.status),
		check('easy_texts_checked_has_date', sql`(${t.status} = 'checked') = (${t.checkedAt} IS NOT NULL)`)
	]
);
