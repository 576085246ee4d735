import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns';

/**
 * The document server's durable state: an append-only log of Yjs updates per document, folded
 * into a snapshot every few hundred rows. A document is its snapshot plus the log after it.
 */
export const docUpdates = sqliteTable(
	'doc_updates',
	{
		seq: integer('seq').primaryKey({ autoIncrement: true }),
		docName: text('doc_name').notNull(),
		update: blob('update', { mode: 'buffer' }).notNull()
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
