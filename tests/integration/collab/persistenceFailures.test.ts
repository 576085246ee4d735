import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { synchronousDbOf } from '../../../src/lib/server/db';
import { MESSAGE_PERSISTED, syncUpdate } from '../../../server/collab/protocol';
import { connect, startTestServerOn, until } from '../support/collab';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';

describe.each(DIALECTS)('the document server on %s', (dialect) => {
	const bed = collabTestBedOn(dialect);
	const storedText = async (name: string) => (await docStoreOn(bed.data).read(name)).getText(NOTES_TEXT).toString();
	const liveText = async (name: string) => (await bed.server.docs.readIfLive(name, (doc) => doc.getText(NOTES_TEXT).toString()))?.value ?? '';

	/** A writing client that asks for "saved" messages (as our browser wrapper does) and keeps each one's clock of its own edits. */
	async function ackingWriter(name: string) {
		const ws = new WebSocket(`${bed.server.url}/${name}?acks=1`, { headers: { cookie: await bed.cookie('groupCoordinator') } });
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
	async function refuseAppends(): Promise<() => Promise<void>> {
		if (dialect === 'sqlite') {
			const client = synchronousDbOf(bed.data)!.$client;
			client.exec(`CREATE TEMP TRIGGER refuse_appends BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'the disk refused'); END`);
			return async () => void client.exec('DROP TRIGGER temp.refuse_appends');
		}
		// The database is this file's alone: a trigger of its own refuses only the server's appends.
		await bed.data.execute(sql.raw(`CREATE FUNCTION refuse_appends() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the disk refused'; END $$`));
		await bed.data.execute(sql.raw('CREATE TRIGGER refuse_appends BEFORE INSERT ON doc_updates FOR EACH ROW EXECUTE FUNCTION refuse_appends()'));
		return async () => {
			await bed.data.execute(sql.raw('DROP TRIGGER refuse_appends ON doc_updates'));
			await bed.data.execute(sql.raw('DROP FUNCTION refuse_appends()'));
		};
	}

	describe('the document server when its store is slow or fails', () => {
		it('reports an update saved only once its own append resolved, not with an earlier one still in flight', async () => {
			const name = groupNotesDoc(bed.fixture.group.id);
			const writer = await ackingWriter(name);
			try {
				await until(() => bed.server.docs.holds(name), 5000, 'the document is open');
				// Another piece of work holds the connection: the first append waits for it, in flight.
				const release = await bed.holdAppends(name);
				const first = writer.type('eins ');
				await until(async () => (await liveText(name)).includes('eins'), 5000, 'the server applied the first edit');
				const second = writer.type('zwei ');
				await until(async () => (await liveText(name)).includes('zwei'), 5000, 'the server applied the second edit while the first append waits');
				await release();

				await until(() => writer.savedClocks.at(-1) === second, 5000, 'the second edit is reported saved');
				// The first append's "saved" names what it stored: the first edit, not the second that came meanwhile.
				expect(writer.savedClocks).toContain(first);
				expect(await storedText(name)).toContain('eins zwei ');
			} finally {
				writer.close();
			}
		});

		it('survives an append that fails: its clients reload and send their edits again, the server change is refused, later edits are stored', async () => {
			const name = groupNotesDoc(bed.fixture.group.id);
			const writer = connect(bed.server.url, name, await bed.cookie('groupCoordinator'));
			try {
				await writer.synced();
				const closes: number[] = [];
				writer.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));

				const allow = await refuseAppends();
				const text = writer.doc.getText(NOTES_TEXT);
				text.insert(text.length, 'drei ');
				await until(() => closes.includes(CLOSE.reloading), 5000, 'the writer is told to reload');
				// A change the server makes is not stored either: whoever awaits it is told.
				await expect(bed.server.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'Server '))).rejects.toThrow('refused');
				await allow();

				// The client reconnects and sends what the server lacks; later edits are stored as usual.
				await until(async () => (await storedText(name)).includes('drei '), 10_000, 'the edit the failed append held is stored');
				text.insert(text.length, 'vier');
				await until(async () => (await storedText(name)).endsWith('drei vier'), 5000, 'a later edit is stored');
				await expect(bed.server.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, '> '))).resolves.toBeUndefined();
				expect(await storedText(name)).toMatch(/^> .*drei vier$/);
				expect(await storedText(name)).not.toContain('Server');
			} finally {
				writer.close();
			}
		});

		it('never appends inside the transaction of work that made a flush run (a rollback must not take stored updates with it)', async () => {
			const name = groupNotesDoc(bed.fixture.otherGroup.id);
			// Held: the changes below are applied at once, in the transaction's context.
			await bed.server.docs.change(name, () => {});
			let kept!: Promise<void>;
			let half!: Promise<void>;
			// Looked at once the work is rolled back: on PostgreSQL a round trip later, unhandled until then.
			let halfDone!: Promise<void>;
			await expect(
				bed.data.transaction(async () => {
					kept = bed.server.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'bleibt'));
					// A change that fails halfway drops the copy, which flushes what it held at once, in this context.
					half = bed.server.docs.change(name, (doc) => {
						doc.getText(NOTES_TEXT).insert(0, 'halb');
						throw new Error('half done');
					});
					halfDone = expect(half).rejects.toThrow('half done');
					throw new Error('the work is rolled back');
				})
			).rejects.toThrow('rolled back');
			await halfDone;
			await kept;
			expect(await storedText(name)).toBe('bleibt');
		});

		it('shuts down only after the fold under way: a document is not dropped from under it', async () => {
			const folding = await startTestServerOn(bed.data, { compactEvery: 1 });
			const name = groupNotesDoc(bed.fixture.otherGroup.id);
			// Its append reaches `compactEvery`: a fold starts, and the server stops while it waits for the connection.
			await folding.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'gefaltet '));
			await folding.stop();
			expect(await docStoreOn(bed.data).logRows(name)).toBe(0);
			expect(await storedText(name)).toContain('gefaltet ');
		});
	});
});
