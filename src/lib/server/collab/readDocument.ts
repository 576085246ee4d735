import type * as Y from 'yjs';
import type { Db } from '../db';
import { docServer } from './bridge';
import { BrokenDocument } from './brokenDocuments';
import { createDocStore } from './docStore';

/**
 * The one way commands and pages read a shared document as it is now: the running document
 * server's live copy where it holds one (with every update it received, even one not stored yet),
 * else the stored document, which then has everything. A read never loads a document into the
 * server: a page view costs one decode, not a live copy kept for the unload grace.
 * Synchronous, so a command can read, decide and commit before any further edit is applied.
 * `fn` gets the document for the length of the call only: it returns plain values, never the doc
 * or its shared types (the live copy goes on changing, the stored one is destroyed).
 *
 * Throws `BrokenDocument` when the document cannot be opened (see brokenDocuments.ts): a command
 * refuses, and a form says why in words.
 */
export function readDocument<T>(db: Db, docName: string, fn: (doc: Y.Doc) => T): T {
	return readLiveCopyOr(docName, fn, () => {
		const doc = createDocStore(db).read(docName);
		try {
			return fn(doc);
		} finally {
			doc.destroy();
		}
	});
}

/**
 * `fn` on the document server's live copy if it holds one, else `otherwise()` (which reads the
 * store, through `readDocument`): for a reader that keeps what it read of each copy and must know
 * which one it has (documentProjections.ts). Throws `BrokenDocument` as `readDocument` does.
 */
export function readLiveCopyOr<T>(docName: string, fn: (doc: Y.Doc) => T, otherwise: () => T): T {
	const server = docServer();
	if (server) {
		try {
			const live = server.readIfLive(docName, fn);
			if (live) return live.value;
		} catch (error) {
			// The document server's copy of the class is not this bundle's `CommandError`: forms would not know it.
			if (error instanceof BrokenDocument) throw new BrokenDocument(docName);
			throw error;
		}
	}
	return otherwise();
}

/**
 * `readDocument` for a page that shows a document among other things: null when the document
 * cannot be opened, so the page says so in that part and shows everything else instead of failing
 * whole. Any other error is a fault and goes on to the error page.
 */
export function readDocumentUnlessBroken<T>(db: Db, docName: string, fn: (doc: Y.Doc) => T): T | null {
	try {
		return readDocument(db, docName, fn);
	} catch (error) {
		if (error instanceof BrokenDocument) return null;
		throw error;
	}
}
