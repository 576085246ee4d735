import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns';

/**
 * The server processes running on this database, each writing its row every few seconds (see
 * src/lib/server/cluster/heartbeat.ts): how an instance started without REDIS_URL finds out that
 * it would not be the only one, and what an operator reads to see who runs. A row whose
 * `last_seen_at` is old is a process that ended without saying so; it is ignored, and removed
 * after a day.
 */
export const instances = sqliteTable('instances', {
	/** INSTANCE_ID, or host and process id. */
	id: text('id').primaryKey(),
	host: text('host').notNull(),
	pid: integer('pid').notNull(),
	/** Whether it runs with REDIS_URL, connected to the other instances. */
	withRedis: integer('with_redis', { mode: 'boolean' }).notNull(),
	startedAt: timestamp('started_at').notNull(),
	lastSeenAt: timestamp('last_seen_at').notNull()
});
