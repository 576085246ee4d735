import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { Db } from '../db';
import { BrokenDocument, documentFailed, isBroken } from './brokenDocuments';

/**
 * Durable storage of shared documents in the app's SQLite file. Hot path, so prepared
 * statements on the raw connection: one INSERT per update, one transaction per batch.
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
	/** Appends the updates of one event-loop tick, for any number of documents, in one transaction. */
	append(batch: Map<string, Uint8Array[]>): void;
	/** Folds the log of a document into a new snapshot of `doc` (which must hold all of it); returns the snapshot's bytes. */
	compact(docName: string, doc: Y.Doc): number;
	/** Log rows not yet folded into a snapshot, for one document or all. */
	logRows(docName?: string): number;
	/** The document as stored, for `readDocument` when no document server runs. Throws `BrokenDocument` as `load` does. */
	read(docName: string): Y.Doc;
}

export function createDocStore(db: Db): DocStore {
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

	function load(docName: string, doc: Y.Doc): number {
		if (isBroken(docName)) throw new BrokenDocument(docName);
		const snap = snapshot.get(docName) as { state: Buffer; throughSeq: number } | undefined;
		const rows = rowsAfter.all(docName, snap?.throughSeq ?? 0) as [number, Buffer][];
		try {
			// One Yjs transaction for the whole log: linear, unlike Y.mergeUpdates over many rows.
			Y.transact(doc, () => {
				if (snap) Y.applyUpdate(doc, snap.state);
				for (const [, row] of rows) for (const update of decodeRow(row)) Y.applyUpdate(doc, update);
			}, 'load');
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
		append: (batch) => appendAll(batch),
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
