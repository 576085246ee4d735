import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { readDocumentOn } from '../../../src/lib/server/collab/readDocument';
import { synchronousDbOf } from '../../../src/lib/server/db';
import { startTestServer } from '../support/collab';
import { DIALECTS, tempData, type TempData } from '../support/data';

const DOC = 'minutes:m1';
const items = (doc: Y.Doc) => doc.getArray<string>('items').toArray();

/** A change that refuses when the list already holds `most` items: a check, then a write. */
const addUpTo = (most: number, item: string) => (doc: Y.Doc) => {
	const list = doc.getArray<string>('items');
	if (list.length >= most) throw new Error('full');
	list.push([item]);
};

describe.each(DIALECTS)('changing and reading a shared document on the data layer (%s)', (dialect) => {
	let db: TempData;
	beforeEach(async () => {
		db = await tempData(dialect);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	it('stores a change without a document server, and reads it back', async () => {
		await changeDocumentOn(db.data, DOC, addUpTo(5, 'Tagesordnung'));
		await changeDocumentOn(db.data, DOC, addUpTo(5, 'Beschluss'));
		expect(await readDocumentOn(db.data, DOC, items)).toEqual(['Tagesordnung', 'Beschluss']);
	});

	it('stores nothing of a change that refuses', async () => {
		await changeDocumentOn(db.data, DOC, addUpTo(1, 'eins'));
		await expect(changeDocumentOn(db.data, DOC, addUpTo(1, 'zwei'))).rejects.toThrow('full');
		expect(await readDocumentOn(db.data, DOC, items)).toEqual(['eins']);
	});

	it('holds the document from the check to the write: changes at once never both pass it', async () => {
		// Two instances on PostgreSQL. On SQLite two connections in one process would wait for each
		// other's write lock while blocking the one event loop; one handle's changes interleave all the same.
		const other = dialect === 'postgres' ? await db.another() : db.data;
		const tries = Array.from({ length: 8 }, (_, i) => changeDocumentOn(i % 2 ? other : db.data, DOC, addUpTo(3, `item ${i}`)));
		const outcomes = await Promise.allSettled(tries);
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
		expect(await readDocumentOn(other, DOC, items)).toHaveLength(3);
	});
});

describe('changing and reading a shared document on the data layer, with a document server', () => {
	let db: TempData;
	beforeEach(async () => {
		db = await tempData('sqlite');
	});
	afterEach(async () => {
		await db.cleanup();
	});

	it('goes through the running server: its live copy is read, and a change is stored before it resolves', async () => {
		const server = await startTestServer(synchronousDbOf(db.data)!);
		try {
			await changeDocumentOn(db.data, DOC, addUpTo(5, 'live'));
			expect(server.docs.holds(DOC)).toBe(true);
			expect(await readDocumentOn(db.data, DOC, items)).toEqual(['live']);
		} finally {
			await server.stop();
		}
		// Stored, and read from the store now that no server runs.
		expect(await readDocumentOn(db.data, DOC, items)).toEqual(['live']);
	});
});
