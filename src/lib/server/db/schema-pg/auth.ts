import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamp } from './columns';
import { conferences } from './conferences';
import { accounts, people } from './people';

/** Personal access links: the password-free way in (WCAG 3.3.8). Only the token's hash is kept. */
export const accessLinks = pgTable(
	'access_links',
	{
		id: id(),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		/** The conference the card was printed for; shown after sign-in. */
		conferenceId: text('conference_id').references(() => conferences.id, { onDelete: 'cascade' }),
		tokenHash: text('token_hash').notNull(),
		createdAt: createdAt(),
		createdBy: text('created_by').references(() => people.id, { onDelete: 'set null' }),
		expiresAt: timestamp('expires_at'),
		revokedAt: timestamp('revoked_at'),
		revokedBy: text('revoked_by').references(() => people.id, { onDelete: 'set null' }),
		lastUsedAt: timestamp('last_used_at')
	},
	(t) => [uniqueIndex('access_links_token_hash_unique').on(t.tokenHash), index('access_links_person_idx').on(t.personId)]
);

/** Sessions the Lucia way: the id is the SHA-256 of the cookie token, never the token itself. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		/** Set when the session came from an access link, so revoking the link ends it too. */
		accessLinkId: text('access_link_id').references(() => accessLinks.id, { onDelete: 'cascade' }),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at').notNull()
	},
	(t) => [index('sessions_person_idx').on(t.personId), index('sessions_access_link_idx').on(t.accessLinkId)]
);

/**
 * Browsers in which a person signed in to their account with the password: OWASP's device
 * cookies. A known browser keeps its own small allowance of wrong passwords when others try the
 * account (src/lib/server/limits/signIn.ts). The id is the SHA-256 of the cookie's token, never
 * the token itself; the row belongs to the account and goes with it.
 */
export const trustedDevices = pgTable(
	'trusted_devices',
	{
		id: text('id').primaryKey(),
		personId: text('person_id')
			.notNull()
			.references(() => accounts.personId, { onDelete: 'cascade' }),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at').notNull()
	},
	(t) => [index('trusted_devices_person_idx').on(t.personId)]
);
