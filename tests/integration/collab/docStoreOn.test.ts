import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docStoreOn, type AsyncDocStore } from '../../../src/lib/server/collab/docStoreOn';
import { DIALECTS, tempData, type TempData } from '../support/data';

const DOC = 'minutes:m1';

/** A writer's copy: each call types a word at the end and answers the update it made. */
function writer() {
	const doc = new Y.Doc();
	const text = doc.getText('notes');
	return {
		doc,
		type(word: string): Uint8Array {
			const before = Y.encodeStateVector(doc);
			text.insert(text.length, word);
			return Y.encodeStateAsUpdate(doc, before);
		}
	};
}

const textOf = async (store: AsyncDocStore, docName = DOC) => {
	const doc = await store.read(docName);
	try {
		return doc.getText('notes').toString();
	} finally {
		doc.destroy();
	}
};

describe.each(DIALECTS)('the document store on %s', (dialect) => {
	let db: TempData;
	let store: AsyncDocStore;
	beforeEach(async () => {
		db = await tempData(dialect);
		store = docStoreOn(db.data);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	it('loads what was appended, in order, for each document of a batch', async () => {
		const a = writer();
		const b = writer();
		const first = await store.append(
			new Map([
				[DOC, [a.type('Tagesordnung '), a.type('TOP 1 ')]],
				['minutes:m2', [b.type('Andere ')]]
			])
		);
		const second = await store.append(new Map([[DOC, [a.type('Beschluss')]]]));
		expect(second.get(DOC)).toBeGreaterThan(first.get(DOC)!);

		const doc = new Y.Doc();
		expect(await store.load(DOC, doc)).toEqual({ rows: 2, through: second.get(DOC) });
		expect(doc.getText('notes').toString()).toBe('Tagesordnung TOP 1 Beschluss');
		expect(await textOf(store, 'minutes:m2')).toBe('Andere ');
		expect(await store.logRows(DOC)).toBe(2);
		expect(await store.logRows()).toBe(3);
	});

	it('answers the stored state as bytes only while nothing is logged after the snapshot', async () => {
		const w = writer();
		const seq = (await store.append(new Map([[DOC, [w.type('eins ')]]]))).get(DOC)!;
		expect(await store.storedState(DOC)).toBeNull();

		expect(await store.compact(DOC, w.doc)).toBeGreaterThan(0);
		const stored = await store.storedState(DOC);
		expect(stored?.through).toBe(seq);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, stored!.state);
		expect(copy.getText('notes').toString()).toBe('eins ');
		expect(await store.logRows(DOC)).toBe(0);
		// Nothing new since: a second fold has nothing to do.
		expect(await store.compact(DOC, w.doc)).toBeNull();

		await store.append(new Map([[DOC, [w.type('zwei')]]]));
		expect(await store.storedState(DOC)).toBeNull();
		expect(await textOf(store)).toBe('eins zwei');
	});

	it('gives a copy what it lacks: rows it has not applied, and the snapshot when the rows it missed were folded', async () => {
		const w = writer();
		const s1 = (await store.append(new Map([[DOC, [w.type('a')]]]))).get(DOC)!;
		const s2 = (await store.append(new Map([[DOC, [w.type('b')]]]))).get(DOC)!;
		const s3 = (await store.append(new Map([[DOC, [w.type('c')]]]))).get(DOC)!;

		// A copy that holds row 1 and applied row 3 (it came over Redis) lacks only row 2.
		const lacking = await store.unseen(DOC, s1, new Set([s3]));
		expect(lacking.through).toBe(s3);
		expect(lacking.updates).toHaveLength(1);
		const copy = new Y.Doc();
		Y.applyUpdate(
			copy,
			(await store.unseen(DOC, 0, new Set())).updates.reduce((all, u) => Y.mergeUpdates([all, u]))
		);
		expect(copy.getText('notes').toString()).toBe('abc');
		expect(await store.unseen(DOC, s3, new Set())).toEqual({ updates: [], through: s3 });

		// Another instance folds through row 2 and appends row 4: a copy at row 1 gets the snapshot and row 4 (row 3 it knows).
		const other = docStoreOn(await db.another());
		const folder = new Y.Doc();
		await other.load(DOC, folder);
		expect(await other.compact(DOC, folder, s2)).not.toBeNull();
		const s4 = (await other.append(new Map([[DOC, [w.type('d')]]]))).get(DOC)!;
		const behind = await store.unseen(DOC, s1, new Set([s3]));
		expect(behind.through).toBe(s4);
		expect(behind.updates).toHaveLength(2);
		for (const update of behind.updates) Y.applyUpdate(copy, update);
		expect(copy.getText('notes').toString()).toBe('abcd');
	});

	it('runs `atomically` as one transaction: what it appended is gone when it throws', async () => {
		const w = writer();
		await store.append(new Map([[DOC, [w.type('bleibt ')]]]));
		await expect(
			store.atomically(DOC, async (inside) => {
				await inside.append(new Map([[DOC, [w.type('weg')]]]));
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		expect(await store.logRows(DOC)).toBe(1);
		expect(await textOf(store)).toBe('bleibt ');
	});

	it('never loses a row when two instances append and read at once', async () => {
		const stores = [store, docStoreOn(await db.another())];
		const reader = docStoreOn(await db.another());
		const written = new Set<string>();
		const seen = new Set<string>();
		let through = 0;
		let writing = true;
		const read = async () => {
			const { updates, through: now } = await reader.unseen(DOC, through, new Set());
			for (const update of updates) seen.add(Buffer.from(update).toString());
			through = now;
		};
		const reading = (async () => {
			while (writing) await read();
		})();
		// Each append is one opaque update; the store does not look inside what it appends.
		const appends = Array.from({ length: 400 }, (_, i) => async () => {
			const update = `update ${i}`;
			await stores[i % 2].append(new Map([[DOC, [Buffer.from(update)]]]));
			written.add(update);
		});
		await Promise.all(
			Array.from({ length: 16 }, async () => {
				for (let next = appends.shift(); next; next = appends.shift()) await next();
			})
		);
		writing = false;
		await reading;
		await read();
		expect(written.size).toBe(400);
		expect([...written].filter((u) => !seen.has(u))).toEqual([]);
	});

	it.runIf(dialect === 'postgres')(
		'makes a later append wait for an earlier one to commit: a reader that caught up past the later row has not skipped the earlier',
		async () => {
			const readerData = await db.another();
			const [later, reader] = [docStoreOn(await db.another()), docStoreOn(readerData)];
			// The earlier append holds its transaction open after its INSERT took a row number.
			let inserted!: () => void;
			let release!: () => void;
			const took = new Promise<void>((resolve) => (inserted = resolve));
			const earlier = store.atomically(DOC, async (inside) => {
				await inside.append(new Map([[DOC, [Buffer.from('earlier')]]]));
				inserted();
				await new Promise<void>((resolve) => (release = resolve));
			});
			await took;
			const laterAppend = later.append(new Map([[DOC, [Buffer.from('later')]]]));
			// Either the later append commits (no lock: it overtakes) or it waits for the document's lock.
			let committed = false;
			void laterAppend.then(() => (committed = true));
			const waiting = async () =>
				Number((await readerData.rows<{ n: string }>(sql`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`))[0].n) > 0;
			while (!committed && !(await waiting())) await new Promise((resolve) => setTimeout(resolve, 10));
			const first = await reader.unseen(DOC, 0, new Set());
			release();
			await Promise.all([earlier, laterAppend]);
			const rest = await reader.unseen(DOC, first.through, new Set());
			expect([...first.updates, ...rest.updates].map((u) => Buffer.from(u).toString()).sort()).toEqual(['earlier', 'later']);
		}
	);

	it.runIf(dialect === 'postgres')('folds what the copy holds once it has the lock: a row appended while it waited is not deleted unfolded', async () => {
		const w = writer();
		await store.append(new Map([[DOC, [w.type('eins ')]]]));
		const copy = new Y.Doc();
		await store.load(DOC, copy);
		// Another instance holds the document and appends a row; this one asks to fold meanwhile.
		const other = docStoreOn(await db.another());
		let appended!: (update: Uint8Array) => void;
		let release!: () => void;
		const row = new Promise<Uint8Array>((resolve) => (appended = resolve));
		const holding = other.atomically(DOC, async (inside) => {
			const update = w.type('zwei');
			await inside.append(new Map([[DOC, [update]]]));
			appended(update);
			await new Promise<void>((resolve) => (release = resolve));
		});
		const update = await row;
		const folding = store.compact(DOC, copy);
		// The row reaches the copy (over Redis, say) before the fold gets the lock.
		Y.applyUpdate(copy, update);
		release();
		await holding;
		expect(await folding).not.toBeNull();
		expect(await textOf(store)).toBe('eins zwei');
	});

	it('never loses a row when two instances compact a document at once', async () => {
		const other = docStoreOn(await db.another());
		for (let round = 0; round < 20; round++) {
			const name = `minutes:round${round}`;
			const w = writer();
			const early = new Y.Doc();
			let earlyThrough = 0;
			for (let i = 0; i < 10; i++) {
				await store.append(new Map([[name, [w.type(`${i} `)]]]));
				if (i === 4) ({ through: earlyThrough } = await store.load(name, early));
			}
			const late = new Y.Doc();
			const { through: lateThrough } = await other.load(name, late);
			// One instance folds what it held early, the other everything, at the same moment.
			await Promise.all([store.compact(name, early, earlyThrough), other.compact(name, late, lateThrough)]);
			expect(await textOf(store, name)).toBe(w.doc.getText('notes').toString());
		}
	});
});
