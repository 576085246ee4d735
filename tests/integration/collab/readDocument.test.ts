import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { createDocStore } from '../../../src/lib/server/collab/docStore';
import { readDocument } from '../../../src/lib/server/collab/readDocument';
import { startTestServer } from '../support/collab';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
beforeAll(async () => {
	fixture = await buildFixture(db);
});
afterAll(() => storage.cleanup());

describe('a command reading a shared document', () => {
	it('reads the stored document when no document server runs', () => {
		expect(readDocument(db, groupNotesDoc(fixture.group.id), (doc) => doc.getText(NOTES_TEXT).toString())).toBe('');
	});

	it('reads the live copy of a running server, including an edit not stored yet', async () => {
		const server = await startTestServer(db);
		try {
			const name = groupNotesDoc(fixture.group.id);
			const stored = server.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'gerade getippt'));
			// The server stores at the end of the tick; a command deciding now must see the edit anyway.
			expect(createDocStore(db).read(name).getText(NOTES_TEXT).toString()).toBe('');
			expect(readDocument(db, name, (doc) => doc.getText(NOTES_TEXT).toString())).toBe('gerade getippt');
			await stored;
			expect(createDocStore(db).read(name).getText(NOTES_TEXT).toString()).toBe('gerade getippt');
		} finally {
			await server.stop();
		}
	});
});
