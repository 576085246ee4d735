import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { createDocStore } from '../../../src/lib/server/collab/docStore';
import { sqliteData } from '../../../src/lib/server/db/client';
import { MESSAGE_PERSISTED, syncUpdate } from '../../../server/collab/protocol';
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

const storedText = (name: string) => createDocStore(db).read(name).getText(NOTES_TEXT).toString();
const liveText = async (name: string) => (await server.docs.readIfLive(name, (doc) => doc.getText(NOTES_TEXT).toString()))?.value ?? '';

/** A writing client that asks for "saved" messages (as our browser wrapper does) and keeps each one's clock of its own edits. */
async function ackingWriter(name: string) {
	const ws = new WebSocket(`${server.url}/${name}?acks=1`, { headers: { cookie: await sessionCookie(db, fixture.ids.groupCoordinator) } });
	const doc = new Y.Doc();
	const savedClocks: number[] = [];
	ws.on('message', (raw: Buffer) => {
		const decoder = decoding.createDecoder(new Uint8Array(raw));
		if (decoding.readVarUint(decoder) !== MESSAGE_PERSISTED) return;
		savedClocks.push(Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(doc.clientID) ?? 0);
	});
	await new Promise((resolve) => ws.once('open', resolve));
	return {
		savedClocks,
		/** Types `word` and sends it; answers the clock of this client's edits after it. */
		type(word: string): number {
			const before = Y.encodeStateVector(doc);
			const text = doc.getText(NOTES_TEXT);
			text.insert(text.length, word);
			ws.send(syncUpdate(Y.encodeStateAsUpdate(doc, before)));
			return Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID)!;
		},
		close: () => ws.close()
	};
}

/** Makes every append to the log fail on the server's connection (a disk that refuses), until the returned function is called. */
function refuseAppends(): () => void {
	db.$client.exec(`CREATE TEMP TRIGGER refuse_appends BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'the disk refused'); END`);
	return () => db.$client.exec('DROP TRIGGER temp.refuse_appends');
}

describe('the document server when its store is slow or fails', () => {
	it('reports an update saved only once its own append resolved, not with an earlier one still in flight', async () => {
		const name = groupNotesDoc(fixture.group.id);
		const writer = await ackingWriter(name);
		try {
			await until(() => server.docs.holds(name), 5000, 'the document is open');
			// Another piece of work holds the connection: the first append waits for it, in flight.
			let release!: () => void;
			const held = data.transaction(() => new Promise<void>((resolve) => (release = resolve)));
			const first = writer.type('eins ');
			await until(async () => (await liveText(name)).includes('eins'), 5000, 'the server applied the first edit');
			const second = writer.type('zwei ');
			await until(async () => (await liveText(name)).includes('zwei'), 5000, 'the server applied the second edit while the first append waits');
			release();
			await held;

			await until(() => writer.savedClocks.at(-1) === second, 5000, 'the second edit is reported saved');
			// The first append's "saved" names what it stored: the first edit, not the second that came meanwhile.
			expect(writer.savedClocks).toContain(first);
			expect(storedText(name)).toContain('eins zwei ');
		} finally {
			writer.close();
		}
	});

	it('survives an append that fails: its clients reload and send their edits again, the server change is refused, later edits are stored', async () => {
		const name = groupNotesDoc(fixture.group.id);
		const writer = connect(server.url, name, await sessionCookie(db, fixture.ids.groupCoordinator));
		try {
			await writer.synced();
			const closes: number[] = [];
			writer.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));

			const allow = refuseAppends();
			const text = writer.doc.getText(NOTES_TEXT);
			text.insert(text.length, 'drei ');
			await until(() => closes.includes(CLOSE.reloading), 5000, 'the writer is told to reload');
			// A change the server makes is not stored either: whoever awaits it is told.
			await expect(server.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'Server '))).rejects.toThrow('refused');
			allow();

			// The client reconnects and sends what the server lacks; later edits are stored as usual.
			await until(() => storedText(name).includes('drei '), 10_000, 'the edit the failed append held is stored');
			text.insert(text.length, 'vier');
			await until(() => storedText(name).endsWith('drei vier'), 5000, 'a later edit is stored');
			await expect(server.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, '> '))).resolves.toBeUndefined();
			expect(storedText(name)).toMatch(/^> .*drei vier$/);
			expect(storedText(name)).not.toContain('Server');
		} finally {
			writer.close();
		}
	});

	it('never appends inside the transaction of work that made a flush run (a rollback must not take stored updates with it)', async () => {
		const name = groupNotesDoc(fixture.otherGroup.id);
		// Held: the changes below are applied at once, in the transaction's context.
		await server.docs.change(name, () => {});
		let kept!: Promise<void>;
		let half!: Promise<void>;
		await expect(
			data.transaction(async () => {
				kept = server.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'bleibt'));
				// A change that fails halfway drops the copy, which flushes what it held at once, in this context.
				half = server.docs.change(name, (doc) => {
					doc.getText(NOTES_TEXT).insert(0, 'halb');
					throw new Error('half done');
				});
				throw new Error('the work is rolled back');
			})
		).rejects.toThrow('rolled back');
		await expect(half).rejects.toThrow('half done');
		await kept;
		expect(storedText(name)).toBe('bleibt');
	});

	it('shuts down only after the fold under way: a document is not dropped from under it', async () => {
		const folding = await startTestServer(db, { compactEvery: 1 });
		const name = groupNotesDoc(fixture.otherGroup.id);
		// Its append reaches `compactEvery`: a fold starts, and the server stops while it waits for the connection.
		await folding.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'gefaltet '));
		await folding.stop();
		expect(createDocStore(db).logRows(name)).toBe(0);
		expect(storedText(name)).toContain('gefaltet ');
	});
});
