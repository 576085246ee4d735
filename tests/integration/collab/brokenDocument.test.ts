import WebSocket from 'ws';
import * as Y from 'yjs';
import { register } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { isBroken } from '../../../src/lib/server/collab/brokenDocuments';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import * as protocol from '../../../server/collab/protocol';
import { connect, until } from '../support/collab';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import { poisonUpdates } from '../support/poison';

/**
 * The second attack on issue 13, finding 1, from the other side: a document poisoned before the
 * fix (a map nested 20,000 deep, its outer map deleted) made every connection to it, and every
 * start after it, take the process down: Yjs overflowed the stack in a timer (`materialize`) or
 * while loading. One document must not take the process down: whatever fails with it is caught,
 * the document is closed (4410, not retried) and stays closed until restart, its stored rows
 * are kept, and every other document goes on being served.
 */
describe.each(DIALECTS)('the document server on %s', (dialect) => {
	const bed = collabTestBedOn(dialect);
	const { track } = bed;
	const store = () => docStoreOn(bed.data);
	const storedText = async (name: string) => (await store().read(name)).getText(NOTES_TEXT).toString();
	const poison = poisonUpdates('x');

	const office = () => bed.cookie('office');
	const failures = async (stage: string) =>
		(await register.getSingleMetric('collab_document_failures_total')?.get())?.values.find((v) => v.labels.stage === stage)?.value ?? 0;

	async function freshNotes(): Promise<string> {
		const [group] = await bed.data.q
			.insert(bed.data.t.workingGroups)
			.values({ conferenceId: bed.fixture.conferenceA.id, name: `AG ${Math.random()}` })
			.returning();
		return groupNotesDoc(group.id);
	}

	/** The stock client, and the code the server closes its connection with. */
	async function stockClient(name: string) {
		const client = track(connect(bed.server.url, name, await office(), { origin: bed.server.origin }));
		const closed = new Promise<number>((resolve) =>
			client.provider.on('connection-close', (event: { code: number } | null) => {
				if (event) resolve(event.code);
			})
		);
		return { client, closed };
	}

	/** A raw connection that reads nothing into a Y.Doc (a stock client would apply what it is sent). */
	async function rawClient(name: string) {
		const ws = new WebSocket(`${bed.server.url}/${name}`, { headers: { cookie: await office(), origin: bed.server.origin } });
		track({ close: () => ws.terminate() });
		const opened = new Promise((resolve) => ws.once('open', resolve));
		const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
		return { ws, opened, closed };
	}

	/** Someone else can still open and edit a document, and the edit is stored: the server is serving. */
	async function serverStillServes() {
		const name = await freshNotes();
		const other = track(connect(bed.server.url, name, await office(), { origin: bed.server.origin }));
		await other.synced();
		other.doc.getText(NOTES_TEXT).insert(0, 'Weiter geht es.');
		await until(async () => (await storedText(name)) === 'Weiter geht es.', 5000, 'the edit is stored');
	}

	describe('a poisoned document', () => {
		it('in the update log: connecting closes it with 4410, keeps its rows, and the server goes on', async () => {
			const name = await freshNotes();
			await store().append(new Map([[name, [poison.nested, poison.deleteOuter]]]));
			const before = await failures('load');

			const { closed } = await stockClient(name);
			expect(await closed).toBe(CLOSE.documentBroken);
			expect(await failures('load')).toBe(before + 1);
			expect(isBroken(name)).toBe(true);

			// Remembered: the next connection is closed at once, without trying (and failing) again.
			const again = await stockClient(name);
			expect(await again.closed).toBe(CLOSE.documentBroken);
			expect(await failures('load')).toBe(before + 1);
			// Nothing was folded over the rows it came from.
			expect(await store().logRows(name)).toBe(1);
			expect(await store().storedState(name)).toBeNull();
			await serverStillServes();
		}, 60_000);

		it('as a snapshot, as compaction before the fix stored it: building it fails in a timer, the server goes on', async () => {
			const name = await freshNotes();
			// The attack's sequence on a server before the fix: the deep map stored, the deletion
			// applied to its copy in memory until the stack overflowed, then that copy compacted.
			await store().append(new Map([[name, [poison.nested]]]));
			const copy = new Y.Doc();
			await store().load(name, copy);
			expect(() => Y.applyUpdate(copy, poison.deleteOuter)).toThrow(RangeError);
			await store().compact(name, copy);
			expect(await store().storedState(name)).not.toBeNull();
			const before = await failures('materialize');

			// Answered from the stored bytes first; the Y.Doc is built right after, in a timer.
			const { ws, opened, closed } = await rawClient(name);
			await opened;
			ws.send(protocol.syncStep1(Y.encodeStateVector(new Y.Doc())));
			expect(await closed).toBe(CLOSE.documentBroken);
			expect(await failures('materialize')).toBe(before + 1);
			await serverStillServes();
		}, 60_000);

		it('deep from before the fix, and a client deletes it: refused, the copy in memory is rebuilt, nothing poisoned is stored', async () => {
			const name = await freshNotes();
			// Loads (nested deep, nothing deleted yet), as a document from before the fix may.
			await store().append(new Map([[name, [poison.nested]]]));
			const writer = await stockClient(name);
			await writer.client.synced();
			const before = await failures('apply');

			const culprit = await rawClient(name);
			await culprit.opened;
			culprit.ws.send(protocol.syncUpdate(poison.deleteOuter));
			expect(await culprit.closed).toBe(CLOSE.shapeRefused);
			// Everyone else reconnects to the copy rebuilt from the store.
			expect(await writer.closed).toBe(CLOSE.reloading);
			expect(await failures('apply')).toBe(before + 1);
			expect(isBroken(name)).toBe(false);

			// The writer is back, and writes; once everyone left, the document is compacted.
			await until(() => writer.client.provider.wsconnected && writer.client.provider.synced, 10_000, 'the writer is back');
			writer.client.doc.getText(NOTES_TEXT).insert(0, 'Hallo');
			await until(async () => (await storedText(name)) === 'Hallo', 10_000, 'the edit is stored');
			writer.client.close();
			await until(async () => bed.server.docs.connectionCount(name) === 0 && (await store().logRows(name)) === 0, 10_000, 'the document is compacted');

			// What was compacted is the document without the deletion: it loads, and is served.
			const stored = await store().read(name);
			expect((stored.getMap('x').get('deep') as Y.Map<unknown>).has('m')).toBe(true);
			const reader = await stockClient(name);
			await reader.client.synced();
			expect(reader.client.doc.getText(NOTES_TEXT).toString()).toBe('Hallo');
			await serverStillServes();
		}, 90_000);

		it('deep from before the fix, and the server deletes it: the change fails, the copy is dropped, nothing poisoned is stored', async () => {
			const name = await freshNotes();
			await store().append(new Map([[name, [poison.nested]]]));
			const writer = await stockClient(name);
			await writer.client.synced();
			const before = await failures('change');

			// A server-side write (a restored version replacing everything, say) that deletes the deep map.
			await expect(changeDocumentOn(bed.data, name, (doc) => doc.getMap('x').delete('deep'))).rejects.toThrow(RangeError);
			expect(await writer.closed).toBe(CLOSE.reloading);
			expect(await failures('change')).toBe(before + 1);

			// The writer is back on the copy rebuilt from the store; once it leaves, that copy is compacted.
			await until(() => writer.client.provider.wsconnected && writer.client.provider.synced, 10_000, 'the writer is back');
			writer.client.close();
			await until(async () => bed.server.docs.connectionCount(name) === 0 && (await store().logRows(name)) === 0, 10_000, 'the document is compacted');
			expect(((await store().read(name)).getMap('x').get('deep') as Y.Map<unknown>).has('m')).toBe(true);
			const reader = await stockClient(name);
			await reader.client.synced();
			expect(reader.client.doc.getMap('x').has('deep')).toBe(true);
			await serverStillServes();
		}, 90_000);
	});
});
