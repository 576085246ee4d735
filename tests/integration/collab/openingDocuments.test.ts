import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { synchronousDbOf } from '../../../src/lib/server/db';
import type { Data } from '../../../src/lib/server/db/client';
import { defaultExtensions } from '../../../server/collab/docServer';
import { DOC_SIZE_LIMITS } from '../../../server/collab/docLimits';
import { MESSAGE_SYNC, SYNC_STEP_2, syncStep1, syncUpdate } from '../../../server/collab/protocol';
import { connect, startTestServerOn, until } from '../support/collab';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import { freshGroupNotes, storedNotes } from '../support/groupNotes';

/**
 * Opening a document awaits the store (on PostgreSQL a round trip, on SQLite the connection's
 * turn): what can go wrong while a document loads. The server stores through a connection of
 * its own, which a test holds in a transaction to keep a load waiting, as another instance's
 * write or a slow database would (on PostgreSQL, a table locked from another handle).
 */
describe.each(DIALECTS)('the document server on %s', (dialect) => {
	// The bed's data for sessions and rights; its document server is started here, on a handle of its own.
	const bed = collabTestBedOn(dialect, {}, { serve: false });
	/** What the server stores through: on SQLite a connection of its own, which a test holds. */
	let serverData: Data;
	/** On PostgreSQL another handle, which holds the documents' tables locked from loads. */
	let holder: Data;
	let server: Awaited<ReturnType<typeof startTestServerOn>>;
	/** Documents the server took into memory, in order (the `onLoadDocument` hook). */
	const loads: string[] = [];
	/** Session cookies, made before a test holds the store (a sign-in writes). */
	let minuteTaker: string;
	let coordinator: string;
	const unloads: string[] = [];
	// Closed here, before the connections are awaited gone (the bed's own `track` closes after this file's hooks).
	const open: { close(): void }[] = [];
	const track = <T extends { close(): void }>(c: T) => (open.push(c), c);

	beforeAll(async () => {
		minuteTaker = await bed.cookie('minuteTaker');
		coordinator = await bed.cookie('groupCoordinator');
		serverData = dialect === 'sqlite' ? await bed.another() : bed.data;
		holder = dialect === 'sqlite' ? serverData : await bed.another();
		server = await startTestServerOn(serverData, {
			maxConnectionsPerPerson: 3,
			extensions: [
				// Sessions and rights on the test's own handle: a test holds the store's, and only the load is to wait.
				...defaultExtensions(bed.data, DOC_SIZE_LIMITS, {}),
				{ onLoadDocument: ({ doc }) => void loads.push(doc.name), afterUnloadDocument: ({ docName }) => void unloads.push(docName) }
			]
		});
	});
	const used: string[] = [];
	afterEach(async () => {
		for (const c of open.splice(0)) c.close();
		// Gone from the server too: the next test's connections count towards the same person's limit.
		await until(() => used.splice(0).every((name) => server.docs.connectionCount(name) === 0), 5000, 'the connections gone');
	});
	afterAll(async () => {
		await server?.stop();
	});

	let groups = 0;
	/** The notes of a new working group (never opened yet); the minute-taker writes them. */
	async function freshNotes(): Promise<string> {
		const name = await freshGroupNotes(bed.data, bed.fixture, `AG Laden ${++groups}`);
		used.push(name);
		return name;
	}

	const cookie = () => minuteTaker;
	const stored = (name: string) => storedNotes(bed.data, name);
	const liveText = async (name: string) => (await server.docs.readIfLive(name, (doc) => doc.getText(NOTES_TEXT).toString()))?.value;

	/**
	 * Keeps every load waiting until `release`: on SQLite the server's connection held in a
	 * transaction; on PostgreSQL, where readers take no lock, the snapshots' table locked from
	 * another handle (a load reads it in the statement that reads the log).
	 */
	async function holdStore() {
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		let held: Promise<void>;
		if (dialect === 'sqlite') held = serverData.transaction(() => released);
		else {
			let locked!: () => void;
			const isLocked = new Promise<void>((resolve) => (locked = resolve));
			held = holder.transaction(async (tx) => {
				await holder.execute(sql`LOCK TABLE doc_snapshots IN ACCESS EXCLUSIVE MODE`, tx);
				locked();
				await released;
			});
			await isLocked;
		}
		return {
			async release() {
				release();
				await held;
			}
		};
	}

	/** A raw socket that keeps what it receives and its close code. */
	function rawSocket(name: string, as = minuteTaker) {
		const ws = new WebSocket(`${server.url}/${name}`, { headers: { cookie: as } });
		const received: Uint8Array[] = [];
		ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
		ws.on('error', () => {});
		const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
		const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
		return track({ ws, received, closed, opened, close: () => ws.close() });
	}

	/** The updates of a client typing `words` one after the other: each one builds on the one before. */
	function typed(...words: string[]): Uint8Array[] {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		const text = doc.getText(NOTES_TEXT);
		for (const word of words) text.insert(text.length, word);
		return updates;
	}

	/** Is this message a sync step 2 (an answer to a sync step 1)? */
	function isSyncStep2(message: Uint8Array): boolean {
		const decoder = decoding.createDecoder(message);
		return decoding.readVarUint(decoder) === MESSAGE_SYNC && decoding.readVarUint(decoder) === SYNC_STEP_2;
	}

	describe('opening a document that loads from the store', () => {
		it('applies what a raw client sends at once, sync step 1 and dependent updates, in order', async () => {
			const name = await freshNotes();
			const store = await holdStore();
			const socket = rawSocket(name);
			await socket.opened;
			// The second update builds on the first: applied out of order, it would wait for it and be dropped.
			socket.ws.send(syncStep1(new Uint8Array([0])));
			for (const update of typed('eins ', 'zwei ', 'drei')) socket.ws.send(syncUpdate(update));
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(server.docs.holds(name)).toBe(false);
			await store.release();
			await until(async () => (await liveText(name)) === 'eins zwei drei', 5000, 'the early updates applied');
			await until(() => socket.received.some(isSyncStep2), 5000, 'the answer to the early sync step 1');
			await until(async () => (await stored(name)) === 'eins zwei drei', 5000, 'the early updates stored');
		});

		it('takes what the stock client types right after connecting, and another client sees it', async () => {
			const name = await freshNotes();
			const store = await holdStore();
			const writer = track(connect(server.url, name, cookie()));
			await new Promise<void>((resolve) => writer.provider.on('status', ({ status }: { status: string }) => status === 'connected' && resolve()));
			const text = writer.doc.getText(NOTES_TEXT);
			for (const word of ['Gleich ', 'nach ', 'dem ', 'Verbinden.']) text.insert(text.length, word);
			await store.release();
			await writer.synced();
			const reader = track(connect(server.url, name, cookie()));
			await reader.synced();
			await until(() => reader.text() === 'Gleich nach dem Verbinden.', 5000, 'the text on the second client');
			await until(async () => (await stored(name)) === 'Gleich nach dem Verbinden.', 5000, 'the text stored');
		});

		it('loads a document once for two connections that open it while it loads', async () => {
			const name = await freshNotes();
			const store = await holdStore();
			const first = rawSocket(name);
			const second = rawSocket(name);
			await Promise.all([first.opened, second.opened]);
			first.ws.send(syncUpdate(typed('von der ersten')[0]));
			await store.release();
			await until(() => server.docs.connectionCount(name) === 2, 5000, 'both connections on the document');
			expect(loads.filter((n) => n === name)).toHaveLength(1);
			// The second connection is on the same copy: it is sent what the first one wrote.
			await until(async () => second.received.length > 0 && (await liveText(name)) === 'von der ersten', 5000, 'the first one’s update applied');
			const [update] = typed('!');
			second.ws.send(syncUpdate(update));
			await until(() => first.received.length > 1, 5000, 'the second one’s update relayed to the first');
		});

		it('drops a connection that closes while its document loads, and unloads the document after the grace', async () => {
			const name = await freshNotes();
			const store = await holdStore();
			const socket = rawSocket(name);
			await socket.opened;
			socket.ws.send(syncUpdate(typed('nie angewandt')[0]));
			socket.ws.close();
			await socket.closed;
			await store.release();
			await until(() => unloads.includes(name), 5000, 'the document unloaded');
			expect(loads.filter((n) => n === name)).toHaveLength(1);
			expect(await stored(name)).toBe('');
		});

		it('counts connections that wait for their document towards the person’s limit', async () => {
			const name = await freshNotes();
			const store = await holdStore();
			try {
				const waiting = [rawSocket(name, coordinator), rawSocket(name, coordinator), rawSocket(name, coordinator)];
				await Promise.all(waiting.map((s) => s.opened));
				const status = await new Promise<number>((resolve) => {
					const ws = new WebSocket(`${server.url}/${name}`, { headers: { cookie: coordinator } });
					ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
					ws.on('upgrade', () => resolve(101));
					ws.on('error', () => {});
				});
				expect(status).toBe(429);
				for (const s of waiting) s.ws.close();
				await Promise.all(waiting.map((s) => s.closed));
			} finally {
				await store.release();
			}
		});

		it('closes a connection that sends more than it may before its document is open', async () => {
			const name = await freshNotes();
			const store = await holdStore();
			try {
				const socket = rawSocket(name);
				await socket.opened;
				// Twice a notes document's limit may wait; one byte more closes it.
				const chunk = new Uint8Array(DOC_SIZE_LIMITS.notes);
				for (let i = 0; i < 3; i++) socket.ws.send(chunk);
				expect(await socket.closed).toBe(CLOSE.tooLarge);
			} finally {
				await store.release();
			}
		});

		// The failing read is a view in SQLite's temp schema, which only the server's connection sees;
		// PostgreSQL has no such view of one connection's own in front of a table.
		it.runIf(dialect === 'sqlite')('closes every connection waiting for a document the store fails to load, as broken', async () => {
			const name = await freshNotes();
			const store = await holdStore();
			const sockets = [rawSocket(name), rawSocket(name)];
			await Promise.all(sockets.map((s) => s.opened));
			// The server's connection now reads a view that fails on every row it looks at.
			synchronousDbOf(serverData)!.$client.exec(
				`CREATE TEMP VIEW doc_snapshots AS SELECT CAST(abs(-9223372036854775808) AS TEXT) AS doc_name, x'' AS state, 0 AS through_seq`
			);
			try {
				await store.release();
				expect(await Promise.all(sockets.map((s) => s.closed))).toEqual([CLOSE.documentBroken, CLOSE.documentBroken]);
			} finally {
				synchronousDbOf(serverData)!.$client.exec('DROP VIEW temp.doc_snapshots');
			}
			expect(server.docs.holds(name)).toBe(false);
			// Another document opens as ever.
			const other = track(connect(server.url, await freshNotes(), cookie()));
			await other.synced();
		});

		it('keeps a document someone opens while it unloads', async () => {
			const name = await freshNotes();
			const writer = track(connect(server.url, name, cookie()));
			await writer.synced();
			writer.doc.getText(NOTES_TEXT).insert(0, 'Vor dem Entladen.');
			await until(async () => (await stored(name)) === 'Vor dem Entladen.', 5000, 'the text stored');
			const store = await holdStore();
			writer.close();
			// The grace passes: the unload folds the log, and waits for the store.
			await until(() => server.docs.connectionCount(name) === 0, 5000, 'the writer gone');
			await new Promise((resolve) => setTimeout(resolve, 150));
			const reader = track(connect(server.url, name, cookie()));
			await until(() => server.docs.connectionCount(name) === 1, 5000, 'the reader on the document');
			await store.release();
			await reader.synced();
			await new Promise((resolve) => setTimeout(resolve, 150));
			expect(server.docs.holds(name)).toBe(true);
			expect(unloads.includes(name)).toBe(false);
			expect(reader.text()).toBe('Vor dem Entladen.');
			reader.doc.getText(NOTES_TEXT).insert(0, 'Noch da. ');
			await until(async () => (await stored(name)) === 'Noch da. Vor dem Entladen.', 5000, 'the reader’s edit stored');
		});
	});
});
