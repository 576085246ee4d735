import * as Y from 'yjs';
import type { Data } from '../db/client';
import { docServer, type DocServerBridge } from './bridge';
import { BrokenDocument } from './brokenDocuments';
import { docStoreOn } from './docStoreOn';
import { readStored } from './readDocument';

/**
 * A server command's change to a shared document: through the running document server (stored,
 * then relayed to every open screen, like any client's update), or, in a process without one
 * (scripts, tests), straight into the store. `fn` may throw to refuse; it must check before it
 * changes anything, because a Yjs transaction cannot be rolled back.
 * Without a document server (on either database), the read, `fn` and the append are one
 * transaction that holds the document: a second change of it waits, then reads what the first
 * stored, so a check in `fn` holds for what it writes.
 */
export async function changeDocumentOn(data: Data, docName: string, fn: (doc: Y.Doc) => void): Promise<void> {
	const server = docServer();
	if (server) return changeThrough(server, docName, fn);
	await docStoreOn(data).atomically(docName, async (store) => {
		const update = await readStored(store, docName, (doc) => changeOf(doc, fn));
		await store.append(new Map([[docName, [update]]]));
	});
}

function changeThrough(server: DocServerBridge, docName: string, fn: (doc: Y.Doc) => void): Promise<void> {
	return server.change(docName, fn).catch((error) => {
		// As in readDocument: the document server's copy of the class is not this bundle's `CommandError`.
		throw error instanceof BrokenDocument ? new BrokenDocument(docName) : error;
	});
}

/** Runs `fn` on a copy as the server and answers what it changed, as one update. */
function changeOf(doc: Y.Doc, fn: (doc: Y.Doc) => void): Uint8Array {
	const before = Y.encodeStateVector(doc);
	Y.transact(doc, () => fn(doc), 'server');
	return Y.encodeStateAsUpdate(doc, before);
}
