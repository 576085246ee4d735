import * as Y from 'yjs';
import type { Data } from '../db/client';
import { CommandError } from '../commands/support/errors';
import { docStoreOn } from './docStoreOn';
import { docServer } from './bridge';
import { readDocumentOn, readStored } from './readDocument';

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
 * a restore, a recommendation's frozen texts) reads the document before its transaction, which
 * awaits nothing but its own statements; an edit typed after the read would be in the document
 * but not in what is stored ("approved" minutes whose approved version lacks the last sentence
 * the editor saw). So the step is optimistic: `step` runs its transaction on `doc` as read and, as
 * the transaction's last statement, awaits `unchanged()`, which asks whether anything has come
 * since: in the store, read in the transaction itself (on PostgreSQL holding the document's lock
 * until the commit, so no instance stores an edit of it in between), or in the live copy this
 * process's document server holds (in memory: edits it received and has not stored yet). Either
 * one applied to the copy as read must change nothing, neither its state vector nor its delete
 * set (a deletion moves no clock). If something came, the transaction rolls back and the step
 * runs again on a fresh read, at most `DOCUMENT_ATTEMPTS` times.
 *
 * The check takes no connection besides the transaction's: on PostgreSQL a step waiting for a
 * second one while holding its own (and a row lock) would, with as many steps at once as the pool
 * has connections, wait for ever.
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
	for (let attempt = 1; ; attempt++) {
		const read = await readDocumentOn(data, docName, (doc) => Y.encodeStateAsUpdate(doc));
		const doc = new Y.Doc();
		try {
			Y.applyUpdate(doc, read);
			return await step({
				doc,
				unchanged: async () => {
					const stored = await storedUpdate(data, docName);
					const live = await liveUpdate(docName);
					if (addsTo(read, stored) || (live && addsTo(read, live))) throw new DocumentMoved(docName);
				}
			});
		} catch (error) {
			if (!(error instanceof DocumentMoved)) throw error;
			if (attempt >= DOCUMENT_ATTEMPTS) throw new CommandError('document_busy');
		} finally {
			doc.destroy();
		}
		// Someone is typing: a moment's pause, so the next attempt does not meet the next keystroke.
		await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
	}
}

/** The live copy this process's document server holds, as held in memory (no statement); null where none is held. */
async function liveUpdate(docName: string): Promise<Uint8Array | null> {
	const server = docServer();
	const live = server ? await server.readIfLive(docName, (doc) => Y.encodeStateAsUpdate(doc), { catchUp: false }) : null;
	return live?.value ?? null;
}

/**
 * The stored document, read in the step's transaction (a savepoint of it). On PostgreSQL it holds
 * the document until the commit: an instance's append of it waits, so nothing is stored between
 * this read and the commit.
 */
function storedUpdate(data: Data, docName: string): Promise<Uint8Array> {
	return docStoreOn(data).atomically(docName, (store) => readStored(store, docName, (doc) => Y.encodeStateAsUpdate(doc)));
}

/** Whether `update` holds anything the document `base` (an update of it whole) does not: an insertion or a deletion. */
function addsTo(base: Uint8Array, update: Uint8Array): boolean {
	const copy = new Y.Doc();
	try {
		Y.applyUpdate(copy, base);
		const before = Y.snapshot(copy);
		Y.applyUpdate(copy, update);
		return !Y.equalSnapshots(before, Y.snapshot(copy));
	} finally {
		copy.destroy();
	}
}
