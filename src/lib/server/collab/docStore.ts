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
	 * Applies snapshot and log to `doc` in one Yjs transaction; returns how many log rows there
	 * were and the last row read (`through`: everything of the log up to it is in `doc`).
	 * Throws `BrokenDocument` when they cannot be applied (the document stays closed until restart,
	 * see brokenDocuments.ts), at once for a document known to be broken.
	 */
	load(docName: string, doc: Y.Doc): { rows: number; through: number };
	/**
	 * The whole stored document as one update, when it is exactly its snapshot (nothing logged
	 * since): a new client can be answered from these bytes without building a Y.Doc first.
	 * `through` is the last log row folded into it.
	 */
	storedState(docName: string): { state: Uint8Array; through: number } | null;
	/**
	 * Appends the updates of one event-loop tick, for any number of documents, in one transaction
	 * (durable across a process crash); answers the log row (`seq`) each document's updates got.
	 */
	append(batch: Map<string, Uint8Array[]>): Map<string, number>;
	/**
	 * What the store holds of a document beyond row `after` that the caller has not applied: the
	 * rows after it not in `known` (rows it applied already), preceded by the snapshot when one was
	 * folded past `after` (its rows are gone from the log). Applying all of it to a copy that held
	 * everything through `after` makes it hold everything through `through`. Several processes
	 * write one log: this is how one of them catches up with the others.
	 */
	unseen(docName: string, after: number, known: ReadonlySet<number>): { updates: Uint8Array[]; through: number };
	/** Runs `fn` in one write transaction: nothing another process writes comes between its reads and writes. */
	atomically<T>(fn: () => T): T;
	/** Makes every append so far durable across power loss too (fsync of the log, via a checkpoint). */
	sync(): void;
	/**
	 * Folds the log of a document through row `through` (default: all of it) into a new snapshot
	 * of `doc` (which must hold all of that); returns the snapshot's bytes, or null when a snapshot
	 * folded as far or further is stored already (another process compacted it) or nothing is
	 * logged. Rows after `through` stay.
	 */
	compact(docName: string, doc: Y.Doc, through?: number): number | null;
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
	const maxSeq = sqlite.prepare('SELECT max(seq) FROM doc_updates WHERE doc_name = ?').pluck();
	const seqsAfter = sqlite.prepare('SELECT seq FROM doc_updates WHERE doc_name = ? AND seq > ? ORDER BY seq').pluck();
	const rowAt = sqlite.prepare('SELECT updates FROM doc_updates WHERE seq = ?').pluck();
	const snapshotThrough = sqlite.prepare('SELECT through_seq FROM doc_snapshots WHERE doc_name = ?').pluck();
	const upsertSnapshot = sqlite.prepare(
		`INSERT INTO doc_snapshots (doc_name, state, through_seq, updated_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (doc_name) DO UPDATE SET state = excluded.state, through_seq = excluded.through_seq, updated_at = excluded.updated_at`
	);
	const deleteThrough = sqlite.prepare('DELETE FROM doc_updates WHERE doc_name = ? AND seq <= ?');
	const loggedAfter = sqlite.prepare('SELECT EXISTS (SELECT 1 FROM doc_updates WHERE doc_name = ? AND seq > ?)').pluck();
	const countDoc = sqlite.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?').pluck();
	const countAll = sqlite.prepare('SELECT count(*) AS n FROM doc_updates').pluck();

	const appendAll = sqlite.transaction((batch: Map<string, Uint8Array[]>) => {
		const seqs = new Map<string, number>();
		for (const [docName, updates] of batch) seqs.set(docName, Number(insert.run(docName, encodeRow(updates)).lastInsertRowid));
		return seqs;
	});
	// The connection's own setting, read once: FULL in the app (db/index.ts); restored after each append.
	const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
	const appendSync = sqlite.prepare('PRAGMA synchronous = NORMAL');
	const restoreSync = sqlite.prepare(`PRAGMA synchronous = ${Number(synchronous)}`);
	const checkpoint = sqlite.prepare('PRAGMA wal_checkpoint(PASSIVE)');

	function append(batch: Map<string, Uint8Array[]>): Map<string, number> {
		// Inside a caller's transaction the setting cannot change; the caller's commit decides.
		if (sqlite.inTransaction) return appendAll(batch);
		appendSync.run();
		try {
			return appendAll(batch);
		} finally {
			restoreSync.run();
		}
	}

	// Reads of several statements run in one read transaction: outside one, WAL gives each statement
	// its own moment, and another instance folding the log between two of them would leave a copy
	// that lacks the folded rows yet believes it holds every row (a savepoint inside a caller's).
	const readStored = sqlite
		.transaction((docName: string) => {
			const snap = snapshot.get(docName) as { state: Buffer; throughSeq: number } | undefined;
			return { snap, rows: rowsAfter.all(docName, snap?.throughSeq ?? 0) as [number, Buffer][] };
		})
		.deferred.bind(null);

	function load(docName: string, doc: Y.Doc): { rows: number; through: number } {
		if (isBroken(docName)) throw new BrokenDocument(docName);
		const { snap, rows } = readStored(docName);
		return applyStored(docName, doc, snap ? { state: snap.state, through: snap.throughSeq } : undefined, rows);
	}

	// Immediate: the check of the stored snapshot and the fold are one step for every writer.
	const compactTx = sqlite.transaction((docName: string, state: Uint8Array, upTo: number | undefined): boolean => {
		const through = upTo ?? (maxSeq.get(docName) as number | null);
		if (!through) return false;
		if (foldedAsFar(snapshotThrough.get(docName) as number | undefined, through)) return false;
		upsertSnapshot.run(docName, state, through, Date.now());
		deleteThrough.run(docName, through);
		return true;
	});

	const storedState = sqlite
		.transaction((docName: string): { state: Uint8Array; through: number } | null => {
			const snap = snapshot.get(docName) as { state: Buffer; throughSeq: number } | undefined;
			if (!snap || loggedAfter.get(docName, snap.throughSeq)) return null;
			return { state: snap.state, through: snap.throughSeq };
		})
		.deferred.bind(null);

	// One read transaction, as `readStored`: no row may be folded away between its number and its bytes.
	const unseen = sqlite.transaction((docName: string, after: number, known: ReadonlySet<number>) => unseenRows(docName, after, known)).deferred.bind(null);

	function unseenRows(docName: string, after: number, known: ReadonlySet<number>): { updates: Uint8Array[]; through: number } {
		const updates: Uint8Array[] = [];
		let from = after;
		const folded = snapshotThrough.get(docName) as number | undefined;
		if (folded !== undefined && folded > after) {
			updates.push((snapshot.get(docName) as { state: Buffer }).state);
			from = folded;
		}
		let through = from;
		// The row numbers first (from the index): the rows this process applied already are most of them.
		for (const seq of seqsAfter.all(docName, from) as number[]) {
			through = seq;
			if (!known.has(seq)) updates.push(...decodeRow(rowAt.get(seq) as Buffer));
		}
		return { updates, through };
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
		unseen,
		atomically: (fn) => sqlite.transaction(fn).immediate(),
		compact(docName, doc, through) {
			const state = Y.encodeStateAsUpdate(doc);
			return compactTx.immediate(docName, state, through) ? state.length : null;
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

/**
 * Applies a stored snapshot and the log rows after it (`[seq, row]`, in order) to `doc` in one Yjs
 * transaction; answers how many rows there were and the last one read. Both stores load this way.
 */
export function applyStored(
	docName: string,
	doc: Y.Doc,
	snap: { state: Uint8Array; through: number } | undefined,
	rows: readonly (readonly [number, Uint8Array])[]
): { rows: number; through: number } {
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
	return { rows: rows.length, through: rows.at(-1)?.[0] ?? snap?.through ?? 0 };
}

/** Never replace a snapshot folded as far or further: the rows it folded are gone from the log. */
export function foldedAsFar(folded: number | undefined, through: number): boolean {
	return folded !== undefined && folded >= through;
}

/** One log row: the updates of one tick for one document, length-prefixed. */
export function encodeRow(updates: Uint8Array[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, updates.length);
	for (const update of updates) encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function decodeRow(row: Uint8Array): Uint8Array[] {
	const decoder = decoding.createDecoder(row);
	const count = decoding.readVarUint(decoder);
	const updates: Uint8Array[] = [];
	for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder));
	return updates;
}
