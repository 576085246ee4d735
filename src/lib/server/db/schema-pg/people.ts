import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { conferences } from './conferences';
import { LOCALES } from '../../../domain/roles';
import { createdAt, id, timestamp } from './columns';

export const people = pgTable(
	'people',
	{
		id: id(),
		displayName: text('display_name').notNull(),
		/** Contact address; optional because many participants are reached by a printed card. */
		email: text('email'),
		organisation: text('organisation'),
		preferredLocale: text('preferred_locale', { enum: LOCALES }).notNull().default('de'),
		prefersEasyLanguage: boolean('prefers_easy_language').notNull().default(false),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at')
	},
	(t) => [index('people_display_name_idx').on(t.displayName)]
);

/** A staff account: the people who sign in with a password (office, moderators, admins). */
export const accounts = pgTable(
	'accounts',
	{
		personId: text('person_id')
			.primaryKey()
			.references(() => people.id, { onDelete: 'cascade' }),
		/** Stored lower-cased; the login identifier. */
		email: text('email').notNull(),
		passwordHash: text('password_hash').notNull(),
		isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('accounts_email_unique').on(t.email), check('accounts_email_lower', sql`${t.email} = lower(${t.email})`)]
);

/**
 * Health data under Art. 9 DSGVO: self-advocate status and support needs. Stored only with
 * recorded consent, as flags, never diagnoses; visible to the office alone (see policies).
 * Consent is given to one conference for its purpose, so the record belongs to that conference.
 */
export const supportProfiles = pgTable(
	'support_profiles',
	{
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		selfAdvocate: boolean('self_advocate').notNull().default(false),
		needsSignLanguage: boolean('needs_sign_language').notNull().default(false),
		needsStepFreeAccess: boolean('needs_step_free_access').notNull().default(false),
		needsCompanion: boolean('needs_companion').notNull().default(false),
		consentRecordedAt: timestamp('consent_recorded_at').notNull(),
		consentRecordedBy: text('consent_recorded_by').references(() => people.id, { onDelete: 'set null' })
	},
	(t) => [primaryKey({ columns: [t.conferenceId, t.personId] })]
);
