import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { decodeRow } from '../../../src/lib/server/collab/docStore';
import { sqliteData } from '../../../src/lib/server/db/client';
import { connect, sessionCookie, startTestServer, until } from '../support/collab';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';

const storage = tempDatabase();
const db = storage.db;
const data = sqliteData(db.$client);
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
	fixture = await buildFixture(db);
	server = await startTestServer(db);
});
afterAll(async () => {
	await server.stop();
	storage.cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the document server awaiting its store', () => {
	it('relays nothing before its append resolved, and stores the ticks that waited in the order they came', async () => {
		const name = groupNotesDoc(fixture.group.id);
		const writer = connect(server.url, name, await sessionCookie(db, fixture.ids.groupCoordinator));
		const reader = connect(server.url, name, await sessionCookie(db, fixture.ids.minuteTaker));
		try {
			await Promise.all([writer.synced(), reader.synced()]);
			const rows = async () => data.rows<{ seq: number; updates: Buffer }>(sql`SELECT seq, updates FROM doc_updates WHERE doc_name = ${name} ORDER BY seq`);
			const before = (await rows()).length;

			// Another piece of work holds the connection in a transaction for a while: the appends wait for it.
			let release!: () => void;
			const held = data.transaction(() => new Promise<void>((resolve) => (release = resolve)));
			const text = writer.doc.getText(NOTES_TEXT);
			for (const word of ['eins ', 'zwei ', 'drei ']) {
				text.insert(text.length, word);
				await sleep(30);
			}
			expect(reader.text()).toBe('');
			release();
			await held;

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
