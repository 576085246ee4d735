import * as Y from 'yjs';
import type { Db } from '../db';
import { docServer } from './bridge';
import { BrokenDocument } from './brokenDocuments';
import { createDocStore } from './docStore';
import { readDocument } from './readDocument';

/**
 * A server command's change to a shared document: through the running document server (stored,
 * then relayed to every open screen, like any client's update), or, in a process without one
 * (scripts, tests), straight into the store. `fn` may throw to refuse; it must check before it
 * changes anything, because a Yjs transaction cannot be rolled back.
 */
export async function changeDocument(db: Db, docName: string, fn: (doc: Y.Doc) => void): Promise<void> {
	const server = docServer();
	if (server) {
		return server.change(docName, fn).catch((error) => {
			// As in readDocument: the document server's copy of the class is not this bundle's `CommandError`.
			throw error instanceof BrokenDocument ? new BrokenDocument(docName) : error;
		});
	}
	// No server: the read gives a copy of the stored document, and what `fn` added to it is stored.
	const update = readDocument(db, docName, (doc) => {
		const before = Y.encodeStateVector(doc);
		Y.transact(doc, () => fn(doc), 'server');
		return Y.encodeStateAsUpdate(doc, before);
	});
	createDocStore(db).append(new Map([[docName, [update]]]));
}
