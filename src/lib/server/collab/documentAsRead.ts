import { AsyncResource } from 'node:async_hooks';
import * as Y from 'yjs';
import type { Data } from '../db/client';
import { CommandError } from '../commands/support/errors';
import { docStoreOn } from './docStoreOn';
import { readDocumentOn, readLiveCopyOrOn, readStored } from './readDocument';

/** How often a step reads the document afresh before it gives up on a document that keeps moving. */
export const DOCUMENT_ATTEMPTS = 3;

/** What an attempt of a step gets: the document as read, and the check that it still is so. */
export interface DocumentAsRead {
	/** A copy of the document as read for this attempt; let go after it. */
	doc: Y.Doc;
	/**
	 * The last statement of the step's transaction: throws when the document moved since `doc` was
	 * read, which rolls the transaction back, and the step runs again on a fresh read.
	 */
	unchanged(): Promise<void>;
}

/** Thrown by `unchanged`: caught here, never seen by a caller. */
class DocumentMoved extends Error {
	constructor(docName: string) {
		super(`${docName} changed between the read and the commit`);
	}
}

/**
 * A command that stores what it read of a shared document (the minutes' steps, a saved version,
 * a restore) reads the document before its transaction, which awaits nothing but its own
 * statements; an edit typed after the read would be in the document but not in what is stored
 * ("approved" minutes whose approved version lacks the last sentence the editor saw). So the
 * step is optimistic: `step` runs its transaction on `doc` as read and, as the transaction's last
 * statement, awaits `unchanged()`, which compares the document as it is now (the document server's
 * live copy, caught up with the other instances, else the store) with what was read: its state
 * vector and its delete set, since a deletion moves no clock. If it moved, the transaction rolls
 * back and the step runs again on a fresh read, at most `DOCUMENT_ATTEMPTS` times.
 *
 * A busy document, one edited faster than a step's transaction runs (several people typing at
 * once, each keystroke an update), can move during every attempt: then nothing is stored and the
 * command is refused with `document_busy`, which tells the user the text changed while it was
 * being stored and to try again in a moment (the minutes stay where they stood). In practice an
 * attempt takes milliseconds and the second one commits.
 *
 * What the check does not cover: an edit arriving after it, while the commit is on its way, or
 * before a change that follows the commit (write access re-decided, a restore's new text) reaches
 * the document. It lands after the step: for an approval, in the document but not in the
 * approved version, as an edit the moment after the approval would have been refused.
 */
export async function withDocumentAsRead<T>(data: Data, docName: string, step: (read: DocumentAsRead) => Promise<T>): Promise<T> {
	// The document server's read catches up through its own statements, which on PostgreSQL must
	// not run as if they were the step's transaction (the plain handle is refused there): it runs
	// in the context the step was called in. On SQLite the one connection is the transaction's, and
	// a statement from outside it would wait for the commit that waits for it.
	const outside = AsyncResource.bind(<R>(fn: () => R): R => fn());
	for (let attempt = 1; ; attempt++) {
		const read = await readDocumentOn(data, docName, (doc) => ({ update: Y.encodeStateAsUpdate(doc), seen: stateOf(doc) }));
		const doc = new Y.Doc();
		try {
			Y.applyUpdate(doc, read.update);
			return await step({
				doc,
				unchanged: async () => {
					const now = data.dialect === 'postgres' ? await outside(() => liveState(docName)) : await liveState(docName);
					const current = now ?? (await storedState(data, docName));
					if (!sameState(read.seen, current)) throw new DocumentMoved(docName);
				}
			});
		} catch (error) {
			if (!(error instanceof DocumentMoved)) throw error;
			if (attempt >= DOCUMENT_ATTEMPTS) throw new CommandError('document_busy');
		} finally {
			doc.destroy();
		}
	}
}

/** The live copy's state where the document server holds one, else null. */
function liveState(docName: string): Promise<Uint8Array | null> {
	return readLiveCopyOrOn<Uint8Array | null>(docName, stateOf, async () => null);
}

/**
 * The stored document's state, read in the step's transaction (a savepoint of it). On PostgreSQL
 * it holds the document until the commit: an instance's append of it waits, so nothing is stored
 * between this read and the commit.
 */
function storedState(data: Data, docName: string): Promise<Uint8Array> {
	return docStoreOn(data).atomically(docName, (store) => readStored(store, docName, stateOf));
}

/** Where the document stands: its state vector and its delete set (a Yjs snapshot). */
function stateOf(doc: Y.Doc): Uint8Array {
	return Y.encodeSnapshot(Y.snapshot(doc));
}

function sameState(a: Uint8Array, b: Uint8Array): boolean {
	return Y.equalSnapshots(Y.decodeSnapshot(a), Y.decodeSnapshot(b));
}
