import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { conferences } from './conferences';
import { LOCALES } from '../../../domain/roles';
import { createdAt, id, timestamp } from './columns';

export const people = sqliteTable(
	'people',
	{
		id: id(),
		displayName: text('display_name').notNull(),
		/** Contact address; optional because many participants are reached by a printed card. */
		email: text('email'),
		organisation: text('organisation'),
		preferredLocale: text('preferred_locale', { enum: LOCALES }).notNull().default('de'),
		prefersEasyLanguage: integer('prefers_easy_language', { mode: 'boolean' }).notNull().default(false),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at')
	},
	(t) => [index('people_display_name_idx').on(t.displayName)]
);

/** A staff account: the people who sign in with a password (office, moderators, admins). */
export const accounts = sqliteTable(
	'accounts',
	{
		personId: text('person_id')
			.primaryKey()
			.references(() => people.id, { onDelete: 'cascade' }),
		/** Stored lower-cased; the login identifier. */
		email: text('email').notNull(),
		passwordHash: text('password_hash').notNull(),
		isPlatformAdmin: integer('is_platform_admin', { mode: 'boolean' }).notNull().default(false),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('accounts_email_unique').on(t.email), check('accounts_email_lower', sql`${t.email} = lower(${t.email})`)]
);

/**
 * Health data under Art. 9 DSGVO: self-advocate status and support needs. Stored only with
 * recorded consent, as flags, never diagnoses; visible to the office alone (see policies).
 * Consent is given to one conference for its purpose, so the record belongs to that conference.
 */
export const supportProfiles = sqliteTable(
	'support_profiles',
	{
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		selfAdvocate: integer('self_advocate', { mode: 'boolean' }).notNull().default(false),
		needsSignLanguage: integer('needs_sign_language', { mode: 'boolean' }).notNull().default(false),
		needsStepFreeAccess: integer('needs_step_free_access', { mode: 'boolean' }).notNull().default(false),
		needsCompanion: integer('needs_companion', { mode: 'boolean' }).notNull().default(false),
		consentRecordedAt: timestamp('consent_recorded_at').notNull(),
		consentRecordedBy: text('consent_recorded_by').references(() => people.id, { onDelete: 'set null' })
	},
	(t) => [primaryKey({ columns: [t.conferenceId, t.personId] })]
);
