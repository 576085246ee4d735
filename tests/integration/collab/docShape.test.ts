// On SQLite only: a shape is refused before the update is applied or stored, so which database stores the rest plays no part.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { groupNotesDoc, minutesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { MAX_DEPTH } from '../../../src/lib/collab/docShape';
import { BODY, DECISIONS } from '../../../src/lib/minutes/document';
import { bodyHtml } from '../../../src/lib/minutes/render';
import { createDocStore } from '../../../src/lib/server/collab/docStore';
import { workingGroups } from '../../../src/lib/server/db/schema';
import { collabMetrics } from '../../../server/collab/metrics';
import * as protocol from '../../../server/collab/protocol';
import { connect, sessionCookie, until } from '../support/collab';
import { collabTestBed } from '../support/collabBed';
import { sqliteData } from '../../../src/lib/server/db/client';
import { planGroupMeeting } from '../support/meetings';

/**
 * The second attack on issue 13, finding 1: one writer's transaction nested Y.Maps 20,000 deep,
 * a second message deleted the outer one; Yjs deletes and collects garbage recursively, the
 * stack overflowed, the poisoned copy was compacted into SQLite, and from then on any connection
 * to the document took the process down, a restart too. 20,000 nested blockquotes in minutes
 * made the meeting page answer 500. The server now refuses, before applying it, an update that
 * nests shared types deeper than MAX_DEPTH (counting the parents already in the document) or
 * creates a top-level type its kind does not have: 4422, which the stock client does not retry.
 */
const bed = collabTestBed();
const { db, track } = bed;

/** The office writes every group's notes; the meeting's minute-taker writes its minutes. */
const office = () => sessionCookie(db, bed.fixture.ids.office);
const minuteTaker = () => sessionCookie(db, bed.fixture.ids.minuteTaker);
const refused = async (reason: string) => (await collabMetrics().updatesRefused.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

function freshNotes(): string {
	return groupNotesDoc(
		db
			.insert(workingGroups)
			.values({ conferenceId: bed.fixture.conferenceA.id, name: `AG ${Math.random()}` })
			.returning()
			.get().id
	);
}

async function freshMinutes(): Promise<string> {
	const meeting = await planGroupMeeting(sqliteData(db.$client), bed.fixture, { agenda: [] });
	return minutesDoc(meeting.id);
}

/** The code the server closes the client's connection with (fails if it does not within 20 s). */
function closeCode(client: ReturnType<typeof connect>): Promise<number> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('the server did not close the connection')), 20_000);
		client.provider.on('connection-close', (event: { code: number } | null) => {
			if (!event) return;
			clearTimeout(timer);
			resolve(event.code);
		});
	});
}

/** Nests `depth` new Y.Maps inside `parent`, top down, in one transaction; the first under `key`. */
function nestMaps(doc: Y.Doc, parent: Y.Map<unknown>, depth: number, key = 'm'): void {
	doc.transact(() => {
		let current = parent;
		for (let i = 0; i < depth; i++) {
			const child = new Y.Map<unknown>();
			current.set(i === 0 ? key : 'm', child);
			current = child;
		}
	});
}

const blockquotes = (doc: Y.Doc, into: Y.XmlElement | Y.XmlFragment, depth: number) => {
	let current: Y.XmlElement | Y.XmlFragment = into;
	doc.transact(() => {
		for (let i = 0; i < depth; i++) {
			const quote = new Y.XmlElement('blockquote');
			current.insert(current.length, [quote]);
			current = quote;
		}
	});
	return current as Y.XmlElement;
};

async function untilAsync(check: () => Promise<boolean>, what: string): Promise<void> {
	const start = Date.now();
	while (!(await check())) {
		if (Date.now() - start > 5000) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

/** Someone else can still open and edit a document, and the edit is stored: the server is serving. */
async function serverStillServes() {
	const name = freshNotes();
	const other = track(connect(bed.server.url, name, await office(), { origin: bed.server.origin }));
	await other.synced();
	other.doc.getText(NOTES_TEXT).insert(0, 'Weiter geht es.');
	await until(() => createDocStore(db).read(name).getText(NOTES_TEXT).toString() === 'Weiter geht es.', 5000, 'the edit is stored');
}

describe('the shape of client updates', () => {
	it("refuses the attack's map nested 20,000 deep, stores nothing of it, and goes on serving", async () => {
		const name = await freshMinutes();
		const writer = track(connect(bed.server.url, name, await minuteTaker(), { origin: bed.server.origin }));
		await writer.synced();
		const before = await refused('too_deep');
		const closed = closeCode(writer);
		nestMaps(writer.doc, writer.doc.getMap(DECISIONS), 20_000, 'deep');

		expect(await closed).toBe(CLOSE.shapeRefused);
		expect(await refused('too_deep')).toBe(before + 1);
		expect(createDocStore(db).read(name).getMap(DECISIONS).has('deep')).toBe(false);
		await serverStillServes();
	}, 60_000);

	it('refuses a top-level type the kind does not have (the attack nested its map under `x` in notes)', async () => {
		const name = freshNotes();
		const writer = track(connect(bed.server.url, name, await office(), { origin: bed.server.origin }));
		await writer.synced();
		const before = await refused('root_type');
		const closed = closeCode(writer);
		writer.doc.getMap('x').set('deep', new Y.Map());

		expect(await closed).toBe(CLOSE.shapeRefused);
		expect(await refused('root_type')).toBe(before + 1);
		expect(createDocStore(db).read(name).share.has('x')).toBe(false);
		await serverStillServes();
	});

	it('refuses 20,000 nested blockquotes in the minutes text, and the meeting text still renders', async () => {
		const name = await freshMinutes();
		const writer = track(connect(bed.server.url, name, await minuteTaker(), { origin: bed.server.origin }));
		await writer.synced();
		const closed = closeCode(writer);
		const deepest = blockquotes(writer.doc, writer.doc.getXmlFragment(BODY), 20_000);
		deepest.insert(0, [new Y.XmlText('tief')]);

		expect(await closed).toBe(CLOSE.shapeRefused);
		expect(bodyHtml(createDocStore(db).read(name))).toBe('');
		await serverStillServes();
	}, 60_000);

	it('counts the levels already in the document: as deep as allowed is stored, one more is refused', async () => {
		const name = await freshMinutes();
		const writer = track(connect(bed.server.url, name, await minuteTaker(), { origin: bed.server.origin }));
		await writer.synced();
		// body (1), MAX_DEPTH - 2 blockquotes, their text: exactly MAX_DEPTH types deep.
		const deepest = blockquotes(writer.doc, writer.doc.getXmlFragment(BODY), MAX_DEPTH - 2);
		deepest.insert(0, [new Y.XmlText('tief')]);
		await until(() => bodyHtml(createDocStore(db).read(name)).includes('tief'), 5000, 'the deepest allowed text is stored');

		// A quote with a paragraph in it next to that text: the paragraph would be one level too
		// deep, in a second update whose every parent is already on the server.
		const before = await refused('too_deep');
		const closed = closeCode(writer);
		writer.doc.transact(() => {
			const quote = new Y.XmlElement('blockquote');
			deepest.insert(0, [quote]);
			quote.insert(0, [new Y.XmlElement('paragraph')]);
		});
		expect(await closed).toBe(CLOSE.shapeRefused);
		expect(await refused('too_deep')).toBe(before + 1);
		expect(bodyHtml(createDocStore(db).read(name)).split('<blockquote>').length - 1).toBe(MAX_DEPTH - 2);
	});

	it('drops items that wait for content the server lacks: sending that content later does not bring them in', async () => {
		const name = await freshMinutes();
		// Two clients' updates: X makes a map, Y nests 100 levels inside it. The server gets Y's first.
		const x = new Y.Doc();
		x.getMap(DECISIONS).set('outer', new Y.Map());
		const fromX = Y.encodeStateAsUpdate(x);
		const y = new Y.Doc();
		Y.applyUpdate(y, fromX);
		const seen = Y.encodeStateVector(y);
		nestMaps(y, y.getMap(DECISIONS).get('outer') as Y.Map<unknown>, 100);
		const fromY = Y.encodeStateAsUpdate(y, seen);

		const dropped = async () => (await collabMetrics().pendingDropped.get()).values[0]?.value ?? 0;
		const before = await dropped();
		const ws = new WebSocket(`${bed.server.url}/${name}`, { headers: { cookie: await minuteTaker(), origin: bed.server.origin } });
		await new Promise((resolve) => ws.once('open', resolve));
		ws.send(protocol.syncUpdate(fromY));
		await untilAsync(async () => (await dropped()) === before + 1, 'the waiting items are dropped');
		ws.send(protocol.syncUpdate(fromX));
		await until(() => createDocStore(db).read(name).getMap(DECISIONS).has('outer'), 5000, 'the outer map is stored');
		expect(ws.readyState).toBe(WebSocket.OPEN);
		ws.close();

		const reader = track(connect(bed.server.url, name, await minuteTaker(), { origin: bed.server.origin }));
		await reader.synced();
		expect((reader.doc.getMap(DECISIONS).get('outer') as Y.Map<unknown>).size).toBe(0);
		expect((createDocStore(db).read(name).getMap(DECISIONS).get('outer') as Y.Map<unknown>).size).toBe(0);
	});
});
