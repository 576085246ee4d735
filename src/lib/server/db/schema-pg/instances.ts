import { boolean, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamp } from './columns';

/** The server processes running on this database (see ../schema/instances.ts). */
export const instances = pgTable('instances', {
	id: text('id').primaryKey(),
	host: text('host').notNull(),
	pid: integer('pid').notNull(),
	withRedis: boolean('with_redis').notNull(),
	startedAt: timestamp('started_at').notNull(),
	lastSeenAt: timestamp('last_seen_at').notNull()
});
