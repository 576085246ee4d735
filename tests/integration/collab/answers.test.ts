// On SQLite only: what a reader can make the server send is bounded per connection, in memory; the store plays no part.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { groupNotesDoc, minutesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { BODY } from '../../../src/lib/minutes/document';
import { bodyHtml } from '../../../src/lib/minutes/render';
import { createDocStore } from '../../../src/lib/server/collab/docStore';
import { createGroupMeeting } from '../../../src/lib/server/commands/createGroupMeeting';
import { workingGroups } from '../../../src/lib/server/db/schema';
import { loadActorOn } from '../../../src/lib/server/policies';
import { collabMetrics } from '../../../server/collab/metrics';
import { connect, sessionCookie, startTestServer, until } from '../support/collab';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';
import { sqliteData } from '../../../src/lib/server/db/client';

/**
 * The second attack on issue 13, finding 2: a reader paused reading and sent a 4-byte sync step 1
 * 200,000 times; the server answered each with the whole document into its send buffer (RSS
 * 245 → 573 MB, 1.4 GB at 800,000, not released after the close). Now each connection gets a
 * few answers to sync step 1 and to awareness queries (a token bucket; the rest are dropped and
 * counted), and a connection with more than twice its kind's size limit unsent in the server's
 * buffer is closed (4504): a client that does not read cannot be served. A slow reader that does
 * read still gets a whole 1 MiB document.
 */
const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
const servers: Awaited<ReturnType<typeof startTestServer>>[] = [];
const open: { close(): void }[] = [];
const track = <T extends { close(): void }>(c: T) => (open.push(c), c);

beforeAll(async () => {
	fixture = await buildFixture(db);
});
afterEach(() => {
	for (const c of open.splice(0)) c.close();
});
afterAll(async () => {
	for (const server of servers) await server.stop();
	storage.cleanup();
});

async function serverWith(options: Parameters<typeof startTestServer>[1]) {
	const server = await startTestServer(db, options);
	servers.push(server);
	return server;
}

const office = () => sessionCookie(db, fixture.ids.office);
const dropped = async (request: string) => (await collabMetrics().answersDropped.get()).values.find((v) => v.labels.request === request)?.value ?? 0;
const closedSlow = async () => (await collabMetrics().closedSlow.get()).values[0]?.value ?? 0;

async function untilAsync(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
	const start = Date.now();
	while (!(await check())) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

function freshNotes(): string {
	return groupNotesDoc(
		db
			.insert(workingGroups)
			.values({ conferenceId: fixture.conferenceA.id, name: `AG ${Math.random()}` })
			.returning()
			.get().id
	);
}

/** Notes of about `bytes` characters, written by a stock client and stored. */
async function notesOf(server: Awaited<ReturnType<typeof startTestServer>>, bytes: number): Promise<string> {
	const name = freshNotes();
	const writer = track(connect(server.url, name, await office(), { origin: server.origin }));
	await writer.synced();
	const text = 'Protokoll der Arbeitsgruppe. '.repeat(Math.ceil(bytes / 29)).slice(0, bytes);
	writer.doc.getText(NOTES_TEXT).insert(0, text);
	await until(() => createDocStore(db).read(name).getText(NOTES_TEXT).length === text.length, 10_000, 'the notes are stored');
	return name;
}

/** A raw connection that stops reading once it is open: what the server sends piles up. */
async function nonReader(server: Awaited<ReturnType<typeof startTestServer>>, name: string) {
	const ws = new WebSocket(`${server.url}/${name}`, { headers: { cookie: await office(), origin: server.origin } });
	track({ close: () => ws.terminate() });
	const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
	await new Promise((resolve) => ws.once('open', resolve));
	const socket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
	socket.pause();
	let received = 0;
	ws.on('message', (data: Buffer) => (received += data.length));
	return { ws, closed, resume: () => socket.resume(), received: () => received };
}

/** Sends a message `count` times, letting the event loop breathe now and then. */
async function flood(ws: WebSocket, message: Uint8Array, count: number) {
	for (let i = 0; i < count; i++) {
		ws.send(message);
		if (i % 500 === 499) await new Promise((r) => setImmediate(r));
	}
}

const SYNC_STEP_1_EMPTY = new Uint8Array([0, 0, 1, 0]);
const QUERY_AWARENESS = new Uint8Array([3]);

describe('what a reader can make the server send', () => {
	it('answers a few sync step 1s and presence queries per connection, and drops and counts the rest', async () => {
		// No refill during the test, so the count is exact: 5 answered, the rest dropped.
		const server = await serverWith({ answerBurst: 5, answersPerSecond: 0 });
		const name = await notesOf(server, 4000);
		const syncBefore = await dropped('sync_step1');
		const queryBefore = await dropped('awareness_query');
		const reader = await nonReader(server, name);
		await flood(reader.ws, SYNC_STEP_1_EMPTY, 2000);
		await flood(reader.ws, QUERY_AWARENESS, 2000);

		await untilAsync(async () => (await dropped('sync_step1')) - syncBefore === 1995, 'the sync step 1s are dropped');
		await untilAsync(async () => (await dropped('awareness_query')) - queryBefore === 1995, 'the presence queries are dropped');
		// Bounded, so the connection stays: a client that asks too often is not one that does not read.
		expect(reader.ws.readyState).toBe(WebSocket.OPEN);
	}, 60_000);

	it('closes a connection that does not read once more than its limit waits in the buffer', async () => {
		// Notes of at most 16 KiB: a connection may have 32 KiB waiting. Answers are not limited
		// here, so that only the buffer stops them.
		const server = await serverWith({ maxDocBytes: { notes: 16 * 1024 }, answerBurst: 1_000_000 });
		const name = await notesOf(server, 12_000);
		const before = await closedSlow();
		const reader = await nonReader(server, name);
		// 5,000 answers of 12 KB would be 60 MB in the server's memory.
		await flood(reader.ws, SYNC_STEP_1_EMPTY, 5000);
		await untilAsync(async () => (await closedSlow()) === before + 1, 'the connection is closed as too slow');

		// Reading again, the client gets what was sent before the cut, then the close.
		reader.resume();
		expect(await reader.closed).toBe(CLOSE.tooSlow);
		// What the kernel's socket buffers held, plus the server's 32 KiB: a few MB, not 60.
		expect(reader.received()).toBeLessThan(16 * 1024 * 1024);
		// And the server let go of it (the writer of the notes is still there).
		await until(() => server.docs.connectionCount(name) === 1, 10_000, 'the server let go of the reader');
	}, 60_000);

	it('still gives a slow reader a whole 1 MiB minutes document, and the edits made meanwhile', async () => {
		const server = await serverWith({});
		const meeting = await createGroupMeeting(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids.groupCoordinator), {
			conferenceId: fixture.conferenceA.id,
			groupId: fixture.group.id,
			title: 'Lange Sitzung',
			startsAt: new Date('2026-12-10T13:00:00Z'),
			durationMinutes: 180,
			place: 'Raum 2.14',
			videoUrl: null,
			agenda: [],
			moderatorPersonId: fixture.ids.groupModerator,
			minuteTakerPersonId: fixture.ids.minuteTaker
		});
		const name = minutesDoc(meeting.id);
		const taker = track(connect(server.url, name, await sessionCookie(db, fixture.ids.minuteTaker), { origin: server.origin }));
		await taker.synced();
		// Just under the minutes' 1 MiB: the text of a very long meeting, written down word for word.
		const body = taker.doc.getXmlFragment(BODY);
		taker.doc.transact(() => {
			for (let i = 0; i < 100; i++) {
				const paragraph = new Y.XmlElement('paragraph');
				paragraph.insert(0, [new Y.XmlText(`${i}: ${'Wortprotokoll. '.repeat(650)}`)]);
				body.push([paragraph]);
			}
		});
		await until(() => createDocStore(db).read(name).getXmlFragment(BODY).length === 100, 20_000, 'the minutes are stored');
		const before = await closedSlow();

		// A reader on a slow line: it takes nothing in until the taker has written more.
		const reader = track(connect(server.url, name, await sessionCookie(db, fixture.ids.groupMember), { origin: server.origin }));
		await until(() => reader.provider.wsconnected, 10_000, 'the reader is connected');
		const socket = (reader.provider.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
		socket.pause();
		for (let i = 0; i < 20; i++) {
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText(`Nachtrag ${i}`)]);
			body.push([paragraph]);
		}
		await until(() => createDocStore(db).read(name).getXmlFragment(BODY).length === 120, 20_000, 'the additions are stored');
		socket.resume();
		await reader.synced();
		await until(() => reader.doc.getXmlFragment(BODY).length === 120, 20_000, 'the reader has everything');
		expect(bodyHtml(reader.doc)).toBe(bodyHtml(taker.doc));
		expect(await closedSlow()).toBe(before);
	}, 60_000);
});
