import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { CONFERENCE_ROLES, GROUP_KINDS, GROUP_ROLES, MEMBER_STATUSES } from '../../../domain/roles';
import { bytea, createdAt, id, timestamp } from './columns';
import { people } from './people';
import { DEFAULT_CONFERENCE_SETTINGS, type ConferenceSettings } from '../schema/conferences';

// The settings' shape and defaults are the app's, not the dialect's: one definition, in the SQLite schema.
export { DEFAULT_CONFERENCE_SETTINGS, type ConferenceSettings, type ParticipationSettings } from '../schema/conferences';

export const conferences = pgTable('conferences', {
	id: id(),
	name: text('name').notNull(),
	region: text('region').notNull(),
	description: text('description'),
	settings: jsonb('settings')
		.$type<ConferenceSettings>()
		.notNull()
		.$defaultFn(() => ({ ...DEFAULT_CONFERENCE_SETTINGS })),
	createdAt: createdAt(),
	updatedAt: timestamp('updated_at')
});

/**
 * A conference's logo, as uploaded (PNG, JPEG or WebP, the type read from the bytes, at most
 * LOGO_MAX_BYTES): in the database, not under static/, so a backup of the one file keeps it and it
 * is served by a route that knows its type. `version` (a hash of the bytes) is part of the logo's
 * address, so browsers may keep it for a year and still see a new one at once.
 */
export const conferenceLogos = pgTable(
	'conference_logos',
	{
		conferenceId: text('conference_id')
			.primaryKey()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		contentType: text('content_type', { enum: ['image/png', 'image/jpeg', 'image/webp'] }).notNull(),
		bytes: bytea('bytes').notNull(),
		size: integer('size').notNull(),
		version: text('version').notNull(),
		updatedAt: timestamp('updated_at').notNull()
	},
	(t) => [check('conference_logos_content_type', sql`${t.contentType} in ('image/png', 'image/jpeg', 'image/webp')`)]
);

/**
 * One row per role a person holds in a conference: a moderator may also be a voting member.
 * Only `member` rows carry a status; only deputies name whom they stand in for.
 */
export const conferenceMemberships = pgTable(
	'conference_memberships',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		role: text('role', { enum: CONFERENCE_ROLES }).notNull(),
		memberStatus: text('member_status', { enum: MEMBER_STATUSES }),
		deputyForPersonId: text('deputy_for_person_id').references(() => people.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('conference_memberships_unique').on(t.conferenceId, t.personId, t.role),
		index('conference_memberships_person_idx').on(t.personId),
		// Whose deputies are in the room: asked for every voting seat whenever seats are counted.
		index('conference_memberships_deputy_idx').on(t.deputyForPersonId),
		check('conference_memberships_status_only_for_members', sql`(${t.role} = 'member') = (${t.memberStatus} IS NOT NULL)`),
		check('conference_memberships_deputy_names_principal', sql`${t.deputyForPersonId} IS NULL OR ${t.memberStatus} = 'deputy'`)
	]
);

export const workingGroups = pgTable(
	'working_groups',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		description: text('description'),
		/** A working group or the steering group (Lenkungsgruppe): their meetings pay different flat rates. */
		kind: text('kind', { enum: GROUP_KINDS }).notNull().default('working'),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at')
	},
	(t) => [
		index('working_groups_conference_idx').on(t.conferenceId),
		// The steering group is a body of the conference: one at most, whose members prepare the plenary.
		uniqueIndex('working_groups_one_steering')
			.on(t.conferenceId)
			.where(sql`${t.kind} = 'steering'`)
	]
);

/** One row per role in a group; anyone with a row counts as a member of the group. */
export const groupMemberships = pgTable(
	'group_memberships',
	{
		id: id(),
		groupId: text('group_id')
			.notNull()
			.references(() => workingGroups.id, { onDelete: 'cascade' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		role: text('role', { enum: GROUP_ROLES }).notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('group_memberships_unique').on(t.groupId, t.personId, t.role), index('group_memberships_person_idx').on(t.personId)]
);
