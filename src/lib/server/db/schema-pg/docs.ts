import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { bytea, timestamp } from './columns';

/**
 * The document server's durable state: an append-only log per document, folded into a
 * snapshot every few hundred rows. A document is its snapshot plus the log after it. Each row
 * holds the updates one document received in one event-loop tick (lib0: a count, then each
 * update as a length-prefixed byte array), so a burst costs one row, not one row per keystroke.
 */
export const docUpdates = pgTable(
	'doc_updates',
	{
		seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		docName: text('doc_name').notNull(),
		updates: bytea('updates').notNull()
	},
	(t) => [index('doc_updates_doc_seq_idx').on(t.docName, t.seq)]
);

export const docSnapshots = pgTable('doc_snapshots', {
	docName: text('doc_name').primaryKey(),
	state: bytea('state').notNull(),
	/** The last log row folded into this snapshot. */
	throughSeq: bigint('through_seq', { mode: 'number' }).notNull(),
	updatedAt: timestamp('updated_at').notNull()
});
