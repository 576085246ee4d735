import type * as Y from 'yjs';
import type { Db } from '../db';
import { BrokenDocument } from './brokenDocuments';
import { createDocStore } from './docStore';

/**
 * The stored document for a page that shows it, or null when it cannot be opened (see
 * brokenDocuments.ts): the page then says so in that part and shows everything else, instead of
 * failing whole. Any other error is a fault and goes on to the error page.
 */
export function storedForPage(db: Db, docName: string): Y.Doc | null {
	try {
		return createDocStore(db).read(docName);
	} catch (error) {
		if (error instanceof BrokenDocument) return null;
		throw error;
	}
}
