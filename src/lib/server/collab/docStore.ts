import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { Db } from '../db';
import { preparedFor } from '../db/prepared';
import { BrokenDocument, documentFailed, isBroken } from './brokenDocuments';

/**
 * Durable storage of shared documents in the app's SQLite file. Hot path, so prepared
 * statements on the raw connection (prepared once per connection, not per call: pages and
 * commands read documents through here too): one INSERT per update, one transaction per batch.
 *
 * Durability of the update log. The connection commits with `synchronous = FULL` (db/index.ts):
 * each commit waits for an fsync, which on this machine's disk blocks the one event loop for
 * 0.7 ms typically and 13 ms at the 99th percentile (measured 2026-12-02), once per tick of
 * edits. Appends to the log therefore commit with `synchronous = NORMAL` (WAL): the commit is in
 * the WAL file when it returns, so a crash of the process (kill -9, an uncaught error, the OOM
 * killer) loses nothing that was committed, and nothing is relayed or acknowledged before that.
 * What NORMAL gives up is an OS crash or power loss: then the WAL frames written since its last
 * fsync may be gone (the database stays consistent, only the newest log rows are missing).
 * `sync` bounds that window: the document server calls it within a second of a commit (see
 * persistence.ts), and any later FULL commit of the app (a vote, a sign-in) syncs the WAL too.
 * The edits of that last second are not lost with the server's copy either: every screen that
 * made or received them still holds them, and the stock client sends what the server lacks when
 * it reconnects. Votes, money and every other write keep FULL.
 */
export interface DocStore {
	/**
	 * Applies snapshot and log to `doc` in one Yjs transaction; returns how many log rows there were.
	 * Throws `BrokenDocument` when they cannot be applied (the document stays closed until restart,
	 * see brokenDocuments.ts), at once for a document known to be broken.
	 */
	load(docName: string, doc: Y.Doc): number;
	/**
	 * The whole stored document as one update, when it is exactly its snapshot (nothing logged
	 * since): a new client can be answered from these bytes without building a Y.Doc first.
	 */
	storedState(docName: string): Uint8Array | null;
	/** Appends the updates of one event-loop tick, for any number of documents, in one transaction (durable across a process crash). */
	append(batch: Map<string, Uint8Array[]>): void;
	/** Makes every append so far durable across power loss too (fsync of the log, via a checkpoint). */
	sync(): void;
	/** Folds the log of a document into a new snapshot of `doc` (which must hold all of it); returns the snapshot's bytes. */
	compact(docName: string, doc: Y.Doc): number;
	/** Log rows not yet folded into a snapshot, for one document or all. */
	logRows(docName?: string): number;
	/** The document as stored, for `readDocument` when no document server runs. Throws `BrokenDocument` as `load` does. */
	read(docName: string): Y.Doc;
}

/** The store of a database connection, its statements prepared once. */
export const createDocStore = preparedFor(buildDocStore);

function buildDocStore(db: Db): DocStore {
	const sqlite = db.$client;
	const insert = sqlite.prepare('INSERT INTO doc_updates (doc_name, updates) VALUES (?, ?)');
	const snapshot = sqlite.prepare('SELECT state, through_seq AS throughSeq FROM doc_snapshots WHERE doc_name = ?');
	const rowsAfter = sqlite.prepare('SELECT seq, updates FROM doc_updates WHERE doc_name = ? AND seq > ? ORDER BY seq').raw();
	const maxSeq = sqlite.prepare('SELECT max(seq) AS seq FROM doc_updates WHERE doc_name = ?');
	const upsertSnapshot = sqlite.prepare(
		`INSERT INTO doc_snapshots (doc_name, state, through_seq, updated_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (doc_name) DO UPDATE SET state = excluded.state, through_seq = excluded.through_seq, updated_at = excluded.updated_at`
	);
	const deleteThrough = sqlite.prepare('DELETE FROM doc_updates WHERE doc_name = ? AND seq <= ?');
	const loggedAfter = sqlite.prepare('SELECT EXISTS (SELECT 1 FROM doc_updates WHERE doc_name = ? AND seq > ?)').pluck();
	const countDoc = sqlite.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?').pluck();
	const countAll = sqlite.prepare('SELECT count(*) AS n FROM doc_updates').pluck();

	const appendAll = sqlite.transaction((batch: Map<string, Uint8Array[]>) => {
		for (const [docName, updates] of batch) insert.run(docName, encodeRow(updates));
	});
	// The connection's own setting, read once: FULL in the app (db/index.ts); restored after each append.
	const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
	const appendSync = sqlite.prepare('PRAGMA synchronous = NORMAL');
	const restoreSync = sqlite.prepare(`PRAGMA synchronous = ${Number(synchronous)}`);
	const checkpoint = sqlite.prepare('PRAGMA wal_checkpoint(PASSIVE)');

	function append(batch: Map<string, Uint8Array[]>): void {
		// Inside a caller's transaction the setting cannot change; the caller's commit decides.
		if (sqlite.inTransaction) return void appendAll(batch);
		appendSync.run();
		try {
			appendAll(batch);
		} finally {
			restoreSync.run();
		}
	}

	function load(docName: string, doc: Y.Doc): number {
		if (isBroken(docName)) throw new BrokenDocument(docName);
		const snap = snapshot.get(docName) as { state: Buffer; throughSeq: number } | undefined;
		const rows = rowsAfter.all(docName, snap?.throughSeq ?? 0) as [number, Buffer][];
		try {
			// One Yjs transaction for the whole log: linear, unlike Y.mergeUpdates over many rows.
			Y.transact(
				doc,
				() => {
					if (snap) Y.applyUpdate(doc, snap.state);
					for (const [, row] of rows) for (const update of decodeRow(row)) Y.applyUpdate(doc, update);
				},
				'load'
			);
		} catch (error) {
			// A state stored before updates were checked for their shape (see docShape.ts), say: Yjs
			// deletes and collects garbage recursively, and a deep enough document overflows the stack.
			documentFailed(docName, 'load', error);
			throw new BrokenDocument(docName);
		}
		return rows.length;
	}

	const compactTx = sqlite.transaction((docName: string, state: Uint8Array) => {
		const through = (maxSeq.get(docName) as { seq: number | null }).seq;
		if (through === null) return;
		upsertSnapshot.run(docName, state, through, Date.now());
		deleteThrough.run(docName, through);
	});

	function storedState(docName: string): Uint8Array | null {
		const snap = snapshot.get(docName) as { state: Buffer; throughSeq: number } | undefined;
		if (!snap || loggedAfter.get(docName, snap.throughSeq)) return null;
		return snap.state;
	}

	return {
		load,
		storedState,
		append,
		sync() {
			// A checkpoint syncs the WAL first; PASSIVE never waits for readers. Nothing to do in memory.
			if (sqlite.memory || sqlite.inTransaction) return;
			checkpoint.get();
		},
		compact(docName, doc) {
			const state = Y.encodeStateAsUpdate(doc);
			compactTx(docName, state);
			return state.length;
		},
		logRows: (docName) => (docName === undefined ? (countAll.get() as number) : (countDoc.get(docName) as number)),
		read(docName) {
			const doc = new Y.Doc();
			try {
				load(docName, doc);
			} catch (error) {
				doc.destroy();
				throw error;
			}
			return doc;
		}
	};
}

function encodeRow(updates: Uint8Array[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, updates.length);
	for (const update of updates) encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

function decodeRow(row: Uint8Array): Uint8Array[] {
	const decoder = decoding.createDecoder(row);
	const count = decoding.readVarUint(decoder);
	const updates: Uint8Array[] = [];
	for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder));
	return updates;
}
