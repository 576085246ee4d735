import type * as Y from 'yjs';
import type { Db } from '../db';
import { docServer } from './bridge';
import { createDocStore } from './docStore';

/**
 * A command's read of a shared document as it is now: the running document server's live copy
 * (which holds every update it received, even one not yet stored), or, in a process without one
 * (scripts, tests), the stored document. Synchronous, so a command can read, decide and commit
 * before any further edit is applied.
 */
export function readDocument<T>(db: Db, docName: string, fn: (doc: Y.Doc) => T): T {
	const server = docServer();
	if (server) return server.read(docName, fn);
	const doc = createDocStore(db).read(docName);
	try {
		return fn(doc);
	} finally {
		doc.destroy();
	}
}
