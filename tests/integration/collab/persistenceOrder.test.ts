import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { decodeRow } from '../../../src/lib/server/collab/docStore';
import { connect, until } from '../support/collab';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';

describe.each(DIALECTS)('the document log on %s', (dialect) => {
	const bed = collabTestBedOn(dialect);

	const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

	describe('the document server awaiting its store', () => {
		it('relays nothing before its append resolved, and stores the ticks that waited in the order they came', async () => {
			const name = groupNotesDoc(bed.fixture.group.id);
			const writer = connect(bed.server.url, name, await bed.cookie('groupCoordinator'));
			const reader = connect(bed.server.url, name, await bed.cookie('minuteTaker'));
			try {
				await Promise.all([writer.synced(), reader.synced()]);
				const rows = async () =>
					bed.data.rows<{ seq: number; updates: Buffer }>(sql`SELECT seq, updates FROM doc_updates WHERE doc_name = ${name} ORDER BY seq`);
				const before = (await rows()).length;

				// Another piece of work holds the store for a while (SQLite: the connection in a transaction;
				// PostgreSQL: the document's lock): the appends wait for it.
				const release = await bed.holdAppends(name);
				const text = writer.doc.getText(NOTES_TEXT);
				for (const word of ['eins ', 'zwei ', 'drei ']) {
					text.insert(text.length, word);
					await sleep(30);
				}
				expect(reader.text()).toBe('');
				await release();

				await until(() => reader.text() === 'eins zwei drei ', 5000, 'the reader receives every tick');
				// Applied in log order, each row finds everything it builds on before it: no tick overtook another.
				const copy = new Y.Doc();
				for (const { updates } of await rows()) {
					for (const update of decodeRow(updates)) Y.applyUpdate(copy, update);
					expect(copy.store.pendingStructs).toBeNull();
				}
				expect((await rows()).length).toBeGreaterThan(before);
				expect(copy.getText(NOTES_TEXT).toString()).toBe('eins zwei drei ');
			} finally {
				writer.close();
				reader.close();
			}
		});
	});
});
