import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Data, Query } from '../db/client';
import { BrokenDocument, isBroken } from './brokenDocuments';
import { applyStored, decodeRow, encodeRow, foldedAsFar } from './docStore';
import type { AsyncDocStore } from './docStoreOn';

/**
 * The first key of the two-key advisory locks that hold a document (the second is a hash of its
 * name). Two-key locks are a key space of their own: they never meet the one-key lock around the
 * migrations (db/postgres.ts).
 */
const DOCUMENT_LOCKS = 0x7961_6a73; // "yajs"

/** A document's lock key: 32 bits of a hash of its name. Two names on one key only wait for each other. */
function lockKey(docName: string): number {
	return createHash('sha256').update(docName).digest().readInt32BE(0);
}

/** Bytes as `pg` binds them to a bytea. */
const bytea = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * The document store on PostgreSQL: the same tables and the same answers as the SQLite store
 * (docStore.ts), for several instances on one database.
 *
 * The log's order. A reader catches up with "the rows of this document after `seq`" (`unseen`),
 * which is only right if a row never becomes visible after a row with a higher `seq`. SQLite's
 * one writer gives that. PostgreSQL's identity column does not: it hands out numbers at INSERT,
 * and the transactions commit in any order, so a transaction could take 11, commit after 12 was
 * committed and read, and a reader that asked for `seq > 12` would never see 11. So every
 * transaction that appends to a document (or compacts it) first takes that document's lock,
 * `pg_advisory_xact_lock`, held until it commits: the next writer of the document takes its
 * number only after the previous one committed, and a document's rows commit in `seq` order.
 * Documents of one batch are locked in key order, so two batches never wait for each other in a
 * circle. An advisory lock rather than a row per document locked FOR UPDATE: no table and no
 * migration, no row rewritten (and left to vacuum) on every tick of typing, and it ends with the
 * transaction whatever happens. Readers take no lock: each read is one statement, one snapshot.
 *
 * Durability: each commit is on disk when it returns (PostgreSQL's `synchronous_commit`), so
 * `sync` has nothing to do.
 */
export function postgresDocStore(data: Data): AsyncDocStore {
	/** Takes the locks of these documents for the rest of transaction `tx`, in key order. */
	async function hold(tx: Query, docNames: Iterable<string>): Promise<void> {
		const keys = [...new Set([...docNames].map(lockKey))].sort((a, b) => a - b);
		for (const key of keys) await data.rows(sql`SELECT pg_advisory_xact_lock(${DOCUMENT_LOCKS}::int, ${key}::int)`, tx);
	}

	/** Snapshot and log rows after it, as one statement (one snapshot: a fold in between is all or nothing). */
	async function stored(docName: string, via?: Query) {
		const rows = await data.rows<{ seq: string | null; through: string | null; bytes: Buffer }>(
			sql`WITH snap AS (SELECT state, through_seq FROM doc_snapshots WHERE doc_name = ${docName})
				SELECT NULL::bigint AS seq, through_seq AS through, state AS bytes FROM snap
				UNION ALL
				SELECT seq, NULL, updates FROM doc_updates
				 WHERE doc_name = ${docName} AND seq > coalesce((SELECT through_seq FROM snap), 0)
				ORDER BY seq NULLS FIRST`,
			via
		);
		const snap = rows[0]?.seq === null ? { state: rows[0].bytes, through: Number(rows[0].through) } : undefined;
		return { snap, log: (snap ? rows.slice(1) : rows).map((r) => [Number(r.seq), r.bytes] as const) };
	}

	function on(via: Query | undefined): AsyncDocStore {
		/** `fn` in the transaction `via` names, or in one of its own. */
		const inTransaction = <T>(fn: (tx: Query) => Promise<T>) => (via ? fn(via) : data.transaction(fn));

		async function load(docName: string, doc: Y.Doc) {
			if (isBroken(docName)) throw new BrokenDocument(docName);
			const { snap, log } = await stored(docName, via);
			return applyStored(docName, doc, snap, log);
		}

		const store: AsyncDocStore = {
			load,
			async storedState(docName) {
				const rows = await data.rows<{ state: Buffer; through: string; logged: boolean }>(
					sql`SELECT state, through_seq AS through,
						EXISTS (SELECT 1 FROM doc_updates u WHERE u.doc_name = s.doc_name AND u.seq > s.through_seq) AS logged
						FROM doc_snapshots s WHERE doc_name = ${docName}`,
					via
				);
				const snap = rows[0];
				return !snap || snap.logged ? null : { state: snap.state, through: Number(snap.through) };
			},
			append(batch) {
				return inTransaction(async (tx) => {
					await hold(tx, batch.keys());
					const seqs = new Map<string, number>();
					for (const [docName, updates] of batch) {
						const [row] = await data.rows<{ seq: string }>(
							sql`INSERT INTO doc_updates (doc_name, updates) VALUES (${docName}, ${bytea(encodeRow(updates))}) RETURNING seq`,
							tx
						);
						seqs.set(docName, Number(row.seq));
					}
					return seqs;
				});
			},
			async unseen(docName, after, known) {
				// Only the bytes of rows the caller lacks: it applied most of them already.
				const rows = await data.rows<{ seq: string | null; through: string | null; bytes: Buffer | null }>(
					sql`WITH snap AS (SELECT state, through_seq FROM doc_snapshots WHERE doc_name = ${docName})
						SELECT NULL::bigint AS seq, through_seq AS through, state AS bytes FROM snap WHERE through_seq > ${after}
						UNION ALL
						SELECT seq, NULL, CASE WHEN seq = ANY(${`{${[...known].join(',')}}`}::bigint[]) THEN NULL ELSE updates END
						  FROM doc_updates
						 WHERE doc_name = ${docName} AND seq > greatest(${after}::bigint, coalesce((SELECT through_seq FROM snap), 0))
						ORDER BY seq NULLS FIRST`,
					via
				);
				const updates: Uint8Array[] = [];
				let through = after;
				for (const row of rows) {
					through = Number(row.seq ?? row.through);
					if (row.seq === null) updates.push(row.bytes!);
					else if (row.bytes) updates.push(...decodeRow(row.bytes));
				}
				return { updates, through };
			},
			atomically: (docName, fn) =>
				inTransaction(async (tx) => {
					await hold(tx, [docName]);
					return fn(on(tx));
				}),
			async sync() {},
			compact(docName, doc, upTo) {
				// The check of the stored snapshot and the fold under the document's lock: two instances
				// folding at once would otherwise both pass the check, and the one folded less could
				// replace the other's snapshot after the rows between were deleted.
				return inTransaction(async (tx) => {
					await hold(tx, [docName]);
					// Encoded once the lock is held, not when asked: rows appended while it waited (which
					// the copy may have applied meanwhile) are folded, and deleted, only with their content.
					const state = Y.encodeStateAsUpdate(doc);
					const [{ last, folded }] = await data.rows<{ last: string | null; folded: string | null }>(
						sql`SELECT (SELECT max(seq) FROM doc_updates WHERE doc_name = ${docName}) AS last,
							(SELECT through_seq FROM doc_snapshots WHERE doc_name = ${docName}) AS folded`,
						tx
					);
					const through = upTo ?? Number(last ?? 0);
					if (!through || foldedAsFar(folded === null ? undefined : Number(folded), through)) return null;
					await data.execute(
						sql`INSERT INTO doc_snapshots (doc_name, state, through_seq, updated_at) VALUES (${docName}, ${bytea(state)}, ${through}, ${Date.now()})
							ON CONFLICT (doc_name) DO UPDATE SET state = excluded.state, through_seq = excluded.through_seq, updated_at = excluded.updated_at`,
						tx
					);
					await data.execute(sql`DELETE FROM doc_updates WHERE doc_name = ${docName} AND seq <= ${through}`, tx);
					return state.length;
				});
			},
			async logRows(docName) {
				const [{ n }] = await data.rows<{ n: string }>(
					docName === undefined ? sql`SELECT count(*) AS n FROM doc_updates` : sql`SELECT count(*) AS n FROM doc_updates WHERE doc_name = ${docName}`,
					via
				);
				return Number(n);
			},
			async read(docName) {
				const doc = new Y.Doc();
				try {
					await load(docName, doc);
				} catch (error) {
					doc.destroy();
					throw error;
				}
				return doc;
			}
		};
		return store;
	}

	return on(undefined);
}
