import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamp } from './columns';
import { conferences } from './conferences';

import { JOB_STATES } from '../schema/jobs';
export { JOB_STATES, type JobState } from '../schema/jobs';

/**
 * Durable background work (see src/lib/server/jobs/). A row is written in the transaction of
 * the command that asks for it, so a rolled-back command leaves none. `key` makes a second
 * enqueue of the same work a no-op for as long as the first is not done. `lease_owner` and
 * `lease_until` say which runner holds a running job and until when: a job whose lease ended
 * (its process died) is claimed again.
 */
export const jobs = pgTable(
	'jobs',
	{
		id: id(),
		kind: text('kind').notNull(),
		payload: text('payload').notNull(),
		// The failed-jobs page of a conference shows its own; jobs of no conference are the platform admins'.
		conferenceId: text('conference_id').references(() => conferences.id, { onDelete: 'cascade' }),
		key: text('key'),
		state: text('state', { enum: JOB_STATES }).notNull().default('queued'),
		runAt: timestamp('run_at').notNull(),
		attempts: integer('attempts').notNull().default(0),
		maxAttempts: integer('max_attempts').notNull(),
		lastError: text('last_error'),
		leaseOwner: text('lease_owner'),
		leaseUntil: timestamp('lease_until'),
		createdAt: createdAt(),
		finishedAt: timestamp('finished_at')
	},
	(t) => [
		uniqueIndex('jobs_key_open_idx')
			.on(t.key)
			.where(sql`${t.key} IS NOT NULL AND ${t.state} <> 'done'`),
		// The claim looks for due queued jobs and running jobs whose lease ended, oldest due first.
		index('jobs_claim_idx').on(t.state, t.runAt),
		index('jobs_conference_state_idx').on(t.conferenceId, t.state),
		// A person's page looks up the mails of their links by key, done ones included.
		index('jobs_key_idx').on(t.key)
	]
);

export type Job = typeof jobs.$inferSelect;
