import { bigint, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamp } from './columns';

/**
 * Append-only: triggers in the migration refuse UPDATE and DELETE. No foreign keys, so the
 * record outlives what it describes (a deleted person's history stays readable by id).
 */
export const auditLog = pgTable(
	'audit_log',
	{
		seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		at: timestamp('at')
			.notNull()
			.$defaultFn(() => new Date()),
		actorPersonId: text('actor_person_id'),
		conferenceId: text('conference_id'),
		action: text('action').notNull(),
		subjectType: text('subject_type').notNull(),
		subjectId: text('subject_id').notNull(),
		before: jsonb('before').$type<Record<string, unknown> | null>(),
		after: jsonb('after').$type<Record<string, unknown> | null>()
	},
	(t) => [index('audit_log_subject_idx').on(t.subjectType, t.subjectId), index('audit_log_conference_idx').on(t.conferenceId, t.seq)]
);
