import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { people } from '../../../src/lib/server/db/schema';
import { commitTogether, onEffect, transact, transactTogether, type DeclaredEffect } from '../../../src/lib/server/effects';
import { MAX_GROUP } from '../../../src/lib/server/effects/groupCommit';
import { effectHandlers } from '../../../src/lib/server/effects/kinds';
import { tempDatabase } from '../support/db';

/**
 * Group commit on a real SQLite file, watched through a second connection (as another process
 * would see the file): what it sees is what is committed.
 */
const storage = tempDatabase();
const db = storage.db;
const other = new Database(storage.file, { readonly: true });
afterAll(() => {
	other.close();
	storage.cleanup();
});

const committed = (name: string) => (other.prepare('SELECT count(*) FROM people WHERE display_name = ?').pluck().get(name) as number) > 0;
const rows = (name: string) => db.select().from(people).where(eq(people.displayName, name)).all().length;
const addPerson = (name: string) =>
	transact(db, (tx, effects) => (tx.insert(people).values({ displayName: name }).run(), effects.rightsChanged({ docName: name }), name));

let effects: (DeclaredEffect & { committed: boolean; inTransaction: boolean })[];
let stop: () => void;
beforeEach(() => {
	effects = [];
	vi.spyOn(effectHandlers, 'rightsChanged').mockImplementation(() => {});
	stop = onEffect((effect) => {
		const name = (effect.payload as { docName: string }).docName;
		effects.push({ ...effect, committed: committed(name), inTransaction: db.$client.inTransaction });
	});
});
afterEach(() => {
	stop();
	vi.restoreAllMocks();
});

describe('writes of the same moment', () => {
	it('share one transaction, and each is answered only once that transaction is on disk', async () => {
		const seenDuringSecond: boolean[] = [];
		const first = commitTogether(db, () => addPerson('Anna'));
		const second = commitTogether(db, () => {
			// Anna's row is written but not committed: the same transaction, not one commit each.
			seenDuringSecond.push(rows('Anna') === 1, committed('Anna'));
			return addPerson('Bert');
		});
		const answeredWith = await Promise.all([first.then((n) => [n, committed(n)]), second.then((n) => [n, committed(n)])]);
		expect(seenDuringSecond).toEqual([true, false]);
		expect(answeredWith).toEqual([
			['Anna', true],
			['Bert', true]
		]);
		// Their effects ran after the commit, in order, outside any transaction.
		expect(effects.map((e) => [e.payload, e.committed, e.inTransaction])).toEqual([
			[{ docName: 'Anna' }, true, false],
			[{ docName: 'Bert' }, true, false]
		]);
	});

	it('one that is refused rolls back only itself, gets its own error and fires nothing; the others are committed', async () => {
		const answers = await Promise.allSettled([
			transactTogether(db, (tx, fx) => (tx.insert(people).values({ displayName: 'Carla' }).run(), fx.rightsChanged({ docName: 'Carla' }))),
			transactTogether(db, (tx, fx) => {
				tx.insert(people).values({ displayName: 'Dora' }).run();
				fx.rightsChanged({ docName: 'Dora' });
				throw new Error('Dora is refused');
			}),
			commitTogether(db, () => addPerson('Emil'))
		]);
		expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect((answers[1] as PromiseRejectedResult).reason.message).toBe('Dora is refused');
		expect(['Carla', 'Dora', 'Emil'].map(committed)).toEqual([true, false, true]);
		expect(effects.map((e) => e.payload)).toEqual([{ docName: 'Carla' }, { docName: 'Emil' }]);
	});

	it('one that breaks the shared transaction costs the others nothing: each is run again alone, none twice', async () => {
		const runs: string[] = [];
		const answers = await Promise.allSettled([
			commitTogether(db, () => (runs.push('Frida'), addPerson('Frida'))),
			// Whatever ends the transaction under the others (SQLite does so itself on some errors).
			commitTogether(db, () => {
				runs.push('breaker');
				db.$client.exec('ROLLBACK');
				throw new Error('broke it');
			}),
			commitTogether(db, () => (runs.push('Gustav'), addPerson('Gustav')))
		]);
		expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect(runs).toEqual(['Frida', 'breaker', 'Frida', 'breaker', 'Gustav']);
		expect([rows('Frida'), rows('Gustav')]).toEqual([1, 1]);
		expect(effects.map((e) => [e.payload, e.committed])).toEqual([
			[{ docName: 'Frida' }, true],
			[{ docName: 'Gustav' }, true]
		]);
	});

	it('more than a group holds are all committed, in the order they came', async () => {
		const names = Array.from({ length: MAX_GROUP * 2 + 3 }, (_, i) => `Person ${i}`);
		const done = await Promise.all(names.map((name) => commitTogether(db, () => addPerson(name))));
		expect(done).toEqual(names);
		expect(names.every(committed)).toBe(true);
		expect(effects.map((e) => (e.payload as { docName: string }).docName)).toEqual(names);
	});

	it('each runs in the async context of its own caller (its request), not in that of the first of the group', async () => {
		const request = new AsyncLocalStorage<string>();
		const seen = await Promise.all(['first request', 'second request'].map((name) => request.run(name, () => commitTogether(db, () => request.getStore()))));
		expect(seen).toEqual(['first request', 'second request']);
	});

	it('must be synchronous: better-sqlite3 cannot keep a transaction open across an await', async () => {
		await expect(commitTogether(db, async () => addPerson('Hanna'))).rejects.toThrow('synchronous');
		expect(committed('Hanna')).toBe(false);
	});
});

describe('inside a transaction', () => {
	it('runs at once in it: its effects wait for that commit, and go with its rollback', async () => {
		let inner: Promise<string> | undefined;
		transact(db, () => {
			inner = commitTogether(db, () => addPerson('Ida'));
			expect(rows('Ida')).toBe(1);
			expect(effects).toEqual([]);
		});
		await expect(inner).resolves.toBe('Ida');
		expect(effects.map((e) => [e.payload, e.committed])).toEqual([[{ docName: 'Ida' }, true]]);
		effects.length = 0;
		expect(() =>
			transact(db, () => {
				void commitTogether(db, () => addPerson('Jonas'));
				throw new Error('outer refused');
			})
		).toThrow('outer refused');
		expect(rows('Jonas')).toBe(0);
		expect(effects).toEqual([]);
	});

	it('a plain db.transaction around it is refused, as around transact', async () => {
		let answer: Promise<unknown> | undefined;
		db.transaction(() => {
			answer = transactTogether(db, (tx) => tx.insert(people).values({ displayName: 'Karl' }).run());
		});
		await expect(answer).rejects.toThrow('plain db.transaction');
		expect(rows('Karl')).toBe(0);
	});
});
