import type * as Y from 'yjs';
import type { Data } from '../db/client';
import { docServer } from './bridge';
import { BrokenDocument } from './brokenDocuments';
import { docStoreOn, type AsyncDocStore } from './docStoreOn';

/**
 * The one way commands and pages read a shared document as it is now: the running document
 * server's live copy where it holds one (with every update it received, even one not stored yet),
 * else the stored document, which then has everything. A read never loads a document into the
 * server: a page view costs one decode, not a live copy kept for the unload grace.
 * The live copy where the document server holds one, else the document as stored, read through
 * `data` (on either database). Between the read and the caller's next step other work may run: a
 * read that decides a change belongs in `fn` of `changeDocumentOn`, which holds the document.
 * `fn` gets the document for the length of the call only: it returns plain values, never the doc
 * or its shared types (the live copy goes on changing, the stored one is destroyed).
 *
 * Throws `BrokenDocument` when the document cannot be opened (see brokenDocuments.ts): a command
 * refuses, and a form says why in words.
 */
export async function readDocumentOn<T>(data: Data, docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
	const server = docServer();
	const live = server ? await recognised(docName, () => server.readIfLive(docName, fn)) : null;
	return live ? live.value : readStored(docStoreOn(data), docName, fn);
}

/** `fn` on the document as `store` holds it (in a transaction of `changeDocumentOn`, say), never the live copy. */
export async function readStored<T>(store: AsyncDocStore, docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
	return readCopy(await store.read(docName), fn);
}

/** `fn` on a copy read from the store, which is let go after it. */
function readCopy<T>(doc: Y.Doc, fn: (doc: Y.Doc) => T): T {
	try {
		return fn(doc);
	} finally {
		doc.destroy();
	}
}

/**
 * `fn` on the document server's live copy if it holds one, else `otherwise()`: for a reader that
 * keeps what it read of each copy and must know which one it has (documentProjections.ts). The live copy through the document server's asynchronous
 * read (which catches up with other instances first), else `otherwise()`, which reads the store
 * (`readStoredOn`). Throws `BrokenDocument` as `readDocumentOn` does.
 */
export async function readLiveCopyOrOn<T>(docName: string, fn: (doc: Y.Doc) => T, otherwise: () => Promise<T>): Promise<T> {
	const server = docServer();
	const live = server ? await recognised(docName, () => server.readIfLive(docName, fn)) : null;
	return live ? live.value : otherwise();
}

/** `fn` on the document as stored, read through `data`, never the live copy (see `readLiveCopyOrOn`). */
export function readStoredOn<T>(data: Data, docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
	return readStored(docStoreOn(data), docName, fn);
}

/** The document server's asynchronous read, its `BrokenDocument` made this bundle's. */
async function recognised<T>(docName: string, read: () => Promise<T>): Promise<T> {
	try {
		return await read();
	} catch (error) {
		throw recognisable(docName, error);
	}
}

/** The document server's copy of the class is not this bundle's `CommandError`: forms would not know it. */
function recognisable(docName: string, error: unknown): unknown {
	return error instanceof BrokenDocument ? new BrokenDocument(docName) : error;
}

/**
 * `readDocumentOn` for a page that shows a document among other things: null when the document
 * cannot be opened, so the page says so in that part and shows everything else instead of failing
 * whole. Any other error is a fault and goes on to the error page.
 */
export async function readDocumentUnlessBrokenOn<T>(data: Data, docName: string, fn: (doc: Y.Doc) => T): Promise<T | null> {
	try {
		return await readDocumentOn(data, docName, fn);
	} catch (error) {
		if (error instanceof BrokenDocument) return null;
		throw error;
	}
}
