import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns';

/**
 * The document server's durable state: an append-only log per document, folded into a
 * snapshot every few hundred rows. A document is its snapshot plus the log after it. Each row
 * holds the updates one document received in one event-loop tick (lib0: a count, then each
 * update as a length-prefixed byte array), so a burst costs one row, not one row per keystroke.
 */
export const docUpdates = sqliteTable(
	'doc_updates',
	{
		seq: integer('seq').primaryKey({ autoIncrement: true }),
		docName: text('doc_name').notNull(),
		updates: blob('updates', { mode: 'buffer' }).notNull()
	},
	(t) => [index('doc_updates_doc_seq_idx').on(t.docName, t.seq)]
);

export const docSnapshots = sqliteTable('doc_snapshots', {
	docName: text('doc_name').primaryKey(),
	state: blob('state', { mode: 'buffer' }).notNull(),
	/** The last log row folded into this snapshot. */
	throughSeq: integer('through_seq').notNull(),
	updatedAt: timestamp('updated_at').notNull()
});
